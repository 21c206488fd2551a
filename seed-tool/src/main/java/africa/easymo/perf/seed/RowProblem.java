package africa.easymo.perf.seed;

/** A fixture row that is missing from the target or differs from the plan. */
record RowProblem(String table, String key, String problem) {
    boolean missing() {
        return problem == null;
    }

    String line() {
        return missing() ? "missing " + table + " " + key : "differs " + table + " " + key + ": " + problem;
    }
}

package africa.easymo.perf.sandbox.db;

/** Quoting of SQL identifiers; every identifier reaching SQL text was first checked against the catalog. */
public final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

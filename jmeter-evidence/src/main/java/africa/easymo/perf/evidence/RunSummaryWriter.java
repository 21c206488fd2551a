package africa.easymo.perf.evidence;

import africa.easymo.perf.run.RunVerdict;

import africa.easymo.perf.evidence.metrics.MetricsSummary;
import africa.easymo.perf.evidence.rules.Metric;
import africa.easymo.perf.evidence.rules.Threshold;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.LatencyDistribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the run summary JSON (the counterpart of k6's end-of-test summary) and renders the short console table.
 */
public final class RunSummaryWriter {

    /** Bumped when a field changes meaning; added fields do not bump it. */
    public static final String SCHEMA = "easymo-perf/run-summary@1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSummaryWriter() {
    }

    public static ObjectNode toJson(RunReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("plan", r.plan());
        root.put("planFile", r.planFile());
        root.put("profile", r.profile());
        root.put("status", r.status());
        root.put("start", r.start().toString());
        root.put("end", r.end().toString());
        root.put("durationSeconds", round(r.durationSeconds()));
        if (r.abortReason() != null) {
            root.put("abortedBy", r.abortReason());
        } else {
            root.putNull("abortedBy");
        }
        if (r.stoppedEarly() != null) {
            root.put("stoppedEarly", r.stoppedEarly());
        } else {
            root.putNull("stoppedEarly");
        }
        ObjectNode target = root.putObject("target");
        r.target().forEach(target::put);
        ObjectNode seed = root.putObject("seed");
        seed.put("version", r.seedVersion());
        seed.put("summaryFile", r.seedSummaryFile());

        ArrayNode thresholds = root.putArray("thresholds");
        for (ThresholdVerdict v : r.thresholds()) {
            ObjectNode t = thresholds.addObject();
            Threshold th = v.threshold();
            t.put("label", th.metric().kind() == Metric.Kind.COUNTER ? null : th.selector().text());
            t.put("metric", th.metric().toString());
            t.put("operator", th.op().symbol());
            t.put("limit", th.limit());
            t.put("unit", th.metric().unit());
            t.put("rule", th.describe());
            if (Double.isNaN(v.observed())) {
                t.putNull("observed");
            } else {
                t.put("observed", round(v.observed()));
            }
            t.put("passed", v.passed());
            if (!v.note().isEmpty()) {
                t.put("note", v.note());
            }
        }

        ObjectNode labels = root.putObject("labels");
        for (LabelSnapshot s : r.labels()) {
            labels.set(s.label(), labelJson(s, r.durationSeconds()));
        }
        root.set("total", labelJson(r.total(), r.durationSeconds()));

        if (!r.engines().isEmpty()) {
            ArrayNode engines = root.putArray("engines");
            for (EngineBreakdown e : r.engines()) {
                ObjectNode o = engines.addObject();
                o.put("host", e.host());
                o.put("shard", e.shard());
                o.put("state", e.state());
                o.put("samples", e.samples());
                o.put("errors", e.errors());
                if (e.p95() < 0) {
                    o.putNull("p95");
                } else {
                    o.put("p95", e.p95());
                }
                o.put("arrivalsDropped", e.arrivalsDropped());
                ArrayNode f = o.putArray("failures");
                e.failures().forEach(f::add);
            }
        }

        ObjectNode reconciliation = root.putObject("reconciliation");
        r.reconciliation().forEach((k, v) -> reconciliation.set(k, JSON.valueToTree(v)));

        ObjectNode counters = root.putObject("counters");
        r.counters().forEach(counters::put);

        if (r.metrics() != null) {
            MetricsSummary m = r.metrics();
            ObjectNode metrics = root.putObject(m.section());
            metrics.put("url", m.url());
            metrics.put("csv", m.csv().toString());
            metrics.put("scrapes", m.attempted());
            metrics.put("scrapesWritten", m.succeeded());
            metrics.put("lastError", m.lastError());
            ObjectNode cols = metrics.putObject("columns");
            m.columns().forEach((c, mam) -> {
                ObjectNode col = cols.putObject(c);
                col.put("min", round(mam[0]));
                col.put("avg", round(mam[1]));
                col.put("max", round(mam[2]));
            });
            if (m.probe() != null) {
                metrics.set(m.probe().key(), probeJson(m.probe()));
            }
        }

        ObjectNode files = root.putObject("files");
        r.files().forEach((k, p) -> files.put(k, p.toString()));
        ArrayNode problems = root.putArray("problems");
        r.problems().forEach(problems::add);
        ArrayNode failures = root.putArray("failures");
        r.failures().forEach(failures::add);
        return root;
    }

    private static ObjectNode labelJson(LabelSnapshot s, double seconds) {
        ObjectNode o = JSON.createObjectNode();
        o.put("count", s.count());
        o.put("rate", round(s.count() / seconds));
        LatencyDistribution d = s.latency();
        if (d.isEmpty()) {
            for (String f : new String[] { "avg", "min", "med", "max", "p90", "p95", "p99" }) {
                o.putNull(f);
            }
        } else {
            o.put("avg", round(d.mean()));
            o.put("min", d.min());
            o.put("med", d.median());
            o.put("max", d.max());
            o.put("p90", d.percentile(90));
            o.put("p95", d.percentile(95));
            o.put("p99", d.percentile(99));
        }
        o.put("errors", s.errors());
        if (s.count() == 0) {
            o.putNull("errorRate");
        } else {
            o.put("errorRate", round(s.errorPercent()));
        }
        ObjectNode codes = o.putObject("statusCodes");
        for (Map.Entry<String, Long> e : s.statusCodes().entrySet()) {
            codes.put(e.getKey(), e.getValue());
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Writes atomically: a reader never sees half a summary. */
    public static void write(ObjectNode json, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The short table for the console: labels, thresholds and the verdict. */
    /** A JSON tree of plain maps and values. */
    public static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** Each label's p95, avg and error rate now and in the baseline, with the change; empty without a baseline. */
    @SuppressWarnings("unchecked")
    public static String baselineTable(Map<String, Object> comparison) {
        if (comparison == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append("Baseline: ").append(comparison.get("file")).append(" (").append(comparison.get("start")).append(", ")
                .append(comparison.get("status")).append(")").append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  %-30s %-9s %10s %10s %9s%n", "label", "figure", "now", "baseline",
                "change"));
        Map<String, Object> labels = (Map<String, Object>) comparison.get("labels");
        for (Map.Entry<String, Object> l : labels.entrySet()) {
            Map<String, Object> figures = (Map<String, Object>) l.getValue();
            for (String f : new String[] { "p95", "avg", "errorRate" }) {
                Map<String, Object> row = (Map<String, Object>) figures.get(f);
                if (row == null) {
                    continue;
                }
                Object change = row.get("changePercent");
                b.append(String.format(Locale.ROOT, "  %-30s %-9s %10s %10s %9s%n", l.getKey(), f, fmt(row.get("now")),
                        fmt(row.get("baseline")),
                        change == null ? "-" : (((Double) change) >= 0 ? "+" : "") + change + "%"));
            }
        }
        return b.toString();
    }

    private static String fmt(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", ((Number) v).doubleValue());
    }

    public static String table(RunReport r) {
        StringBuilder b = new StringBuilder();
        if (r.verdict() == RunVerdict.REFUSED) {
            // the reason was printed once when the start was refused; the table only says where the evidence is
            b.append(String.format(Locale.ROOT, "== %s: run not started, no load sent ==%n", r.plan()));
            b.append("Result: REFUSED (").append(r.failures().size())
                    .append(r.failures().size() == 1 ? " start-up check" : " start-up checks")
                    .append(" failed, printed above)").append(System.lineSeparator());
            appendEvidence(b, r);
            return b.toString();
        }
        int width = 12;
        for (LabelSnapshot s : r.labels()) {
            width = Math.max(width, Math.min(40, s.label().length()));
        }
        String rowFormat = "%-" + width + "s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s%n";
        b.append(String.format(Locale.ROOT, "== %s run summary (%s, %.1fs) ==%n", r.plan(), r.profile(),
                r.durationSeconds()));
        b.append(String.format(Locale.ROOT, rowFormat, "label", "count", "rate/s", "avg", "min", "med", "max", "p90",
                "p95", "p99", "errors"));
        for (LabelSnapshot s : r.labels()) {
            b.append(row(rowFormat, width, s, r.durationSeconds()));
        }
        if (r.labels().size() > 1) {
            b.append(row(rowFormat, width, r.total(), r.durationSeconds()));
        }
        if (!r.thresholds().isEmpty()) {
            b.append("Thresholds:").append(System.lineSeparator());
            for (ThresholdVerdict v : r.thresholds()) {
                b.append("  ").append(v.line()).append(System.lineSeparator());
            }
        }
        if (!r.engines().isEmpty()) {
            b.append(String.format(Locale.ROOT, "Engines:%n  %-24s %5s %-9s %8s %8s %8s %8s%n", "engine", "shard",
                    "state", "samples", "errors", "p95", "dropped"));
            for (EngineBreakdown e : r.engines()) {
                b.append(String.format(Locale.ROOT, "  %-24s %5d %-9s %8d %8d %8s %8d%n", e.host(), e.shard(),
                        e.state(), e.samples(), e.errors(), e.p95() < 0 ? "-" : Long.toString(e.p95()),
                        e.arrivalsDropped()));
            }
        }
        if (r.abortReason() != null) {
            b.append("ABORTED by ").append(r.abortReason()).append(System.lineSeparator());
        }
        if (r.stoppedEarly() != null) {
            b.append("STOPPED EARLY: ").append(r.stoppedEarly()).append(System.lineSeparator());
        }
        for (String p : r.problems()) {
            b.append("Evidence problem: ").append(p).append(System.lineSeparator());
        }
        for (String f : r.failures()) {
            b.append("Failed: ").append(f).append(System.lineSeparator());
        }
        b.append("Result: ").append(r.status().toUpperCase(Locale.ROOT));
        if (!r.failures().isEmpty()) {
            b.append(" (").append(r.failures().size()).append(r.failures().size() == 1 ? " reason" : " reasons")
                    .append(r.failedThresholds() > 0
                            ? ", " + r.failedThresholds() + " of " + r.thresholds().size() + " thresholds failed" : "")
                    .append(")");
        }
        b.append(System.lineSeparator());
        appendEvidence(b, r);
        return b.toString();
    }

    private static void appendEvidence(StringBuilder b, RunReport r) {
        Path summary = r.files().get("summary");
        if (summary != null) {
            b.append("Evidence: ").append(r.files().getOrDefault("runFolder", summary)).append(System.lineSeparator());
        }
    }

    private static String row(String format, int width, LabelSnapshot s, double seconds) {
        String label = s.label().length() > width ? s.label().substring(0, width - 1) + "…" : s.label();
        LatencyDistribution d = s.latency();
        boolean none = d.isEmpty();
        return String.format(Locale.ROOT, format, label, s.count(),
                String.format(Locale.ROOT, "%.2f", s.count() / seconds),
                none ? "-" : String.format(Locale.ROOT, "%.0f", d.mean()), none ? "-" : d.min(),
                none ? "-" : d.median(), none ? "-" : d.max(), none ? "-" : d.percentile(90),
                none ? "-" : d.percentile(95), none ? "-" : d.percentile(99),
                s.count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", s.errorPercent()));
    }

    /** A latency probe's figures: per target its good and failed probes and latencies in ms (null before any). */
    static ObjectNode probeJson(africa.easymo.perf.evidence.metrics.ProbeFigures p) {
        ObjectNode o = JSON.createObjectNode();
        p.targets().forEach((name, st) -> {
            ObjectNode t = o.putObject(name);
            t.put("probes", st.probes());
            t.put("errors", st.errors());
            putMs(t, "p50Ms", st.p50Ms());
            putMs(t, "p95Ms", st.p95Ms());
            putMs(t, "maxMs", st.maxMs());
        });
        return o;
    }

    private static void putMs(ObjectNode o, String field, double ms) {
        if (Double.isNaN(ms)) {
            o.putNull(field);
        } else {
            o.put(field, round(ms));
        }
    }
}

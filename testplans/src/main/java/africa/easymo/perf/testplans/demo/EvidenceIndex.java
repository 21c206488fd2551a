package africa.easymo.perf.testplans.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The evidence root's {@code index.html}: one page a release manager opens first. Verdicts of every plan at the top,
 * then per plan its thresholds with observed values, and links to its dashboard, summary, JTL and metrics CSV, plus any
 * extra evidence (the campaign audit log). Static HTML, no script, links relative to the page.
 */
public final class EvidenceIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An expected plan and where its published summary should be. */
    public record PlanEntry(String plan, Path summary) {
    }

    /** A further file worth a link. */
    public record Link(String title, Path file) {
    }

    private EvidenceIndex() {
    }

    /**
     * Writes {@code <root>/index.html}.
     *
     * @return the overall verdict: true when every plan's summary exists and says passed
     */
    public static boolean write(Path root, String title, List<PlanEntry> plans, List<Link> extras) throws IOException {
        List<PlanView> views = new ArrayList<>();
        for (PlanEntry e : plans) {
            views.add(PlanView.read(e));
        }
        boolean allPassed = views.stream().allMatch(v -> "passed".equals(v.status));
        Path index = root.resolve("index.html");
        Files.createDirectories(root);
        Files.writeString(index, html(root, title, views, extras, allPassed), StandardCharsets.UTF_8);
        return allPassed;
    }

    private static final class PlanView {
        String plan;
        Path summaryFile;
        JsonNode json;
        String status;
        String problem;

        static PlanView read(PlanEntry e) {
            PlanView v = new PlanView();
            v.plan = e.plan();
            v.summaryFile = e.summary();
            if (!Files.isRegularFile(e.summary())) {
                v.status = "missing";
                v.problem = "no summary at " + e.summary() + ": the plan did not run to its end";
                return v;
            }
            try {
                v.json = JSON.readTree(e.summary().toFile());
                v.status = v.json.path("status").asText("missing");
            } catch (IOException ex) {
                v.status = "missing";
                v.problem = "summary " + e.summary() + " cannot be read: " + ex.getMessage();
            }
            return v;
        }
    }

    static String html(Path root, String title, List<PlanView> views, List<Link> extras, boolean allPassed) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p class=\"generated\">Generated ").append(esc(Instant.now().toString())).append("</p>\n");

        h.append("<section id=\"verdicts\">\n<h2 class=\"overall ").append(allPassed ? "passed" : "failed")
                .append("\">Overall: ").append(allPassed ? "PASSED" : "FAILED").append("</h2>\n");
        h.append("<table class=\"verdicts\">\n<tr><th>plan</th><th>verdict</th><th>thresholds</th><th>duration</th>"
                + "<th>evidence</th></tr>\n");
        for (PlanView v : views) {
            h.append("<tr id=\"verdict-").append(esc(v.plan)).append("\"><td class=\"plan\">").append(esc(v.plan))
                    .append("</td><td><span class=\"verdict ").append(esc(v.status)).append("\">")
                    .append(esc(v.status.toUpperCase(Locale.ROOT))).append("</span></td>");
            if (v.json == null) {
                h.append("<td colspan=\"3\">").append(esc(v.problem)).append("</td></tr>\n");
                continue;
            }
            int total = v.json.path("thresholds").size();
            int passed = 0;
            for (JsonNode t : v.json.path("thresholds")) {
                if (t.path("passed").asBoolean()) {
                    passed++;
                }
            }
            h.append("<td>").append(passed).append(" of ").append(total).append(" passed</td>");
            h.append("<td>")
                    .append(esc(String.format(Locale.ROOT, "%.0f s", v.json.path("durationSeconds").asDouble())))
                    .append("</td><td>");
            links(h, root, v);
            h.append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");

        if (!extras.isEmpty()) {
            h.append("<section id=\"other-evidence\">\n<h2>Other evidence</h2>\n<ul>\n");
            for (Link l : extras) {
                h.append("<li>");
                if (Files.exists(l.file())) {
                    h.append("<a href=\"").append(esc(href(root, l.file()))).append("\">").append(esc(l.title()))
                            .append("</a>");
                } else {
                    h.append(esc(l.title())).append(": <span class=\"absent\">not written (")
                            .append(esc(l.file().toString())).append(")</span>");
                }
                h.append("</li>\n");
            }
            h.append("</ul>\n</section>\n");
        }

        for (PlanView v : views) {
            if (v.json != null) {
                plan(h, v);
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void links(StringBuilder h, Path root, PlanView v) {
        JsonNode files = v.json.path("files");
        String[][] kinds = { { "dashboard", "dashboard" }, { "liveDashboard", "live dashboard" },
                { "summary", "summary" }, { "jtl", "JTL" }, { "metricsCsv", "metrics CSV" } };
        boolean first = true;
        for (String[] k : kinds) {
            String p = files.path(k[0]).asText(null);
            if (p == null) {
                continue;
            }
            Path file = Paths.get(p);
            if (!first) {
                h.append(" · ");
            }
            first = false;
            if (Files.exists(file)) {
                h.append("<a class=\"").append(k[0]).append("\" href=\"").append(esc(href(root, file))).append("\">")
                        .append(k[1]).append("</a>");
            } else {
                h.append("<span class=\"absent\">").append(k[1]).append(" missing</span>");
            }
        }
        if (!files.has("dashboard")) {
            h.append(first ? "" : " · ").append("<span class=\"absent\">no dashboard</span>");
        }
    }

    private static void plan(StringBuilder h, PlanView v) {
        JsonNode j = v.json;
        h.append("<section class=\"plan\" id=\"plan-").append(esc(v.plan)).append("\">\n<h2>").append(esc(v.plan))
                .append(" <span class=\"verdict ").append(esc(v.status)).append("\">")
                .append(esc(v.status.toUpperCase(Locale.ROOT))).append("</span></h2>\n");
        h.append("<p>Profile ").append(esc(j.path("profile").asText())).append(", ")
                .append(esc(j.path("start").asText())).append(" → ").append(esc(j.path("end").asText()))
                .append(", seed ").append(esc(j.path("seed").path("version").asText("n/a"))).append("</p>\n");
        if (!j.path("abortedBy").isNull() && !j.path("abortedBy").isMissingNode()) {
            h.append("<p class=\"abort-note\">Aborted by ").append(esc(j.path("abortedBy").asText())).append("</p>\n");
        }
        JsonNode failures = j.path("failures");
        if (failures.size() > 0) {
            h.append("<ul class=\"problems failures\">\n");
            failures.forEach(f -> h.append("<li>Failed: ").append(esc(f.asText())).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<table class=\"thresholds\">\n<tr><th>threshold</th><th>observed</th><th>verdict</th></tr>\n");
        for (JsonNode t : j.path("thresholds")) {
            boolean ok = t.path("passed").asBoolean();
            String observed = t.path("observed").isNull() ? "n/a"
                    : num(t.path("observed").asDouble()) + t.path("unit").asText("");
            h.append("<tr><td><code>").append(esc(t.path("rule").asText())).append("</code></td><td>")
                    .append(esc(observed)).append(t.has("note") ? " <em>" + esc(t.path("note").asText()) + "</em>" : "")
                    .append("</td><td class=\"").append(ok ? "passed" : "failed").append("\">")
                    .append(ok ? "PASS" : "FAIL").append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<table class=\"labels\">\n<tr><th>label</th><th>count</th><th>rate/s</th><th>avg</th><th>med</th>"
                + "<th>p90</th><th>p95</th><th>p99</th><th>max</th><th>errors</th><th>status codes</th></tr>\n");
        Iterator<Map.Entry<String, JsonNode>> labels = j.path("labels").fields();
        while (labels.hasNext()) {
            Map.Entry<String, JsonNode> e = labels.next();
            JsonNode l = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td>");
            for (String f : new String[] { "count", "rate", "avg", "med", "p90", "p95", "p99", "max" }) {
                h.append("<td>").append(esc(l.path(f).isNull() ? "-" : num(l.path(f).asDouble()))).append("</td>");
            }
            h.append("<td>").append(esc(l.path("errorRate").isNull() ? "-" : num(l.path("errorRate").asDouble()) + "%"))
                    .append("</td><td>");
            Iterator<Map.Entry<String, JsonNode>> codes = l.path("statusCodes").fields();
            while (codes.hasNext()) {
                Map.Entry<String, JsonNode> c = codes.next();
                h.append(esc(c.getKey())).append(": ").append(c.getValue().asLong())
                        .append(codes.hasNext() ? ", " : "");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");

        timeline(h, v);

        JsonNode rec = j.path("reconciliation");
        if (rec.size() > 0 || j.path("counters").size() > 0) {
            h.append("<details open class=\"reconciliation\"><summary>Reconciliation and counters</summary>\n");
            Iterator<Map.Entry<String, JsonNode>> sections = rec.fields();
            while (sections.hasNext()) {
                Map.Entry<String, JsonNode> e = sections.next();
                FieldTable.section(h, e.getKey(), e.getValue());
            }
            if (j.path("counters").size() > 0) {
                FieldTable.section(h, "counters", j.path("counters"));
            }
            h.append("</details>\n");
        }
        JsonNode m = j.path("supabaseMetrics");
        if (m.isObject()) {
            h.append("<details><summary>Supabase metrics (").append(m.path("scrapesWritten").asInt()).append(" of ")
                    .append(m.path("scrapes").asInt()).append(" scrapes)</summary>\n");
            if (!m.path("lastError").isNull() && m.path("scrapesWritten").asInt() == 0) {
                h.append("<p class=\"absent\">").append(esc(m.path("lastError").asText())).append("</p>\n");
            }
            h.append("<table><tr><th>figure</th><th>min</th><th>avg</th><th>max</th></tr>\n");
            Iterator<Map.Entry<String, JsonNode>> cols = m.path("columns").fields();
            while (cols.hasNext()) {
                Map.Entry<String, JsonNode> c = cols.next();
                h.append("<tr><td>").append(esc(c.getKey())).append("</td>");
                for (String f : new String[] { "min", "avg", "max" }) {
                    h.append("<td>").append(esc(num(c.getValue().path(f).asDouble()))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n</details>\n");
            supabaseTables(h, m.path("tables"));
        }
        JsonNode problems = j.path("problems");
        if (problems.size() > 0) {
            h.append("<ul class=\"problems\">\n");
            problems.forEach(p -> h.append("<li>").append(esc(p.asText())).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** Latency percentiles and rates over time from the plan's JTL; a note instead when the JTL cannot be read. */
    private static void timeline(StringBuilder h, PlanView v) {
        String p = v.json.path("files").path("jtl").asText(null);
        if (p == null) {
            h.append("<p class=\"plot-note\">No plots: the summary names no JTL.</p>\n");
            return;
        }
        Path jtl = v.summaryFile.toAbsolutePath().getParent().resolve(p);
        JtlTimeline t;
        try {
            t = JtlTimeline.read(jtl);
        } catch (IOException | RuntimeException e) {
            // The page is the release manager's first stop: a bad JTL costs the plots, never the page.
            h.append("<p class=\"plot-note\">No plots: JTL ").append(esc(jtl.toString())).append(" cannot be read (")
                    .append(esc(String.valueOf(e.getMessage()))).append(").</p>\n");
            return;
        }
        if (t.samples() == 0) {
            h.append("<p class=\"plot-note\">No plots: JTL ").append(esc(jtl.toString()))
                    .append(" holds no samples.</p>\n");
            return;
        }
        List<JtlTimeline.Bucket> b = t.buckets();
        double[] x = new double[b.size()];
        double[][] y = new double[5][b.size()];
        for (int i = 0; i < b.size(); i++) {
            JtlTimeline.Bucket k = b.get(i);
            x[i] = k.startSeconds();
            y[0][i] = k.p50();
            y[1][i] = k.p95();
            y[2][i] = k.p99();
            y[3][i] = k.samplesPerSecond();
            y[4][i] = k.errorsPerSecond();
        }
        String per = num(t.bucketMillis() / 1000.0) + " s";
        h.append("<div class=\"charts\">\n");
        h.append(SvgChart.lines("Latency per " + per + " (all labels)", x, "ms",
                List.of(new SvgChart.Series("p50", "#1f77b4", y[0]), new SvgChart.Series("p95", "#ff7f0e", y[1]),
                        new SvgChart.Series("p99", "#c1121f", y[2]))));
        h.append(SvgChart.lines("Throughput per " + per + " (all labels)", x, "/s", List.of(
                new SvgChart.Series("samples/s", "#1e8a3a", y[3]), new SvgChart.Series("errors/s", "#c1121f", y[4]))));
        h.append("</div>\n");
    }

    private static void supabaseTables(StringBuilder h, JsonNode tables) {
        if (!tables.isObject() || tables.size() == 0) {
            return;
        }
        h.append("<table class=\"supabase-tables\">\n<caption>Supabase latency per table</caption>\n"
                + "<tr><th>table</th><th>probes</th><th>errors</th><th>p50</th><th>p95</th><th>max</th></tr>\n");
        Iterator<Map.Entry<String, JsonNode>> it = tables.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td>");
            for (String f : new String[] { "probes", "errors", "p50Ms", "p95Ms", "maxMs" }) {
                JsonNode n = t.path(f);
                String text = n.isNumber() ? FieldTable.figure(n.asDouble()) + (f.endsWith("Ms") ? " ms" : "") : "-";
                h.append("<td>").append(esc(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String href(Path root, Path file) {
        Path rel;
        try {
            rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return file.toUri().toString();
        }
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(java.net.URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            case '&' -> b.append("&amp;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&#39;");
            default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A figure as the run summary's table prints it: whole numbers bare, others with two decimals. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; font-size: 0.95em; }
            th { background: #f3f3f3; }
            .generated { color: #777; }
            .overall.passed { color: #126b2d; }
            .overall.failed { color: #a4161a; }
            .verdict { font-weight: bold; padding: 0.1em 0.5em; border-radius: 0.3em; color: #fff; }
            .verdict.passed { background: #1e8a3a; }
            .verdict.failed, .verdict.aborted, .verdict.missing { background: #c1121f; }
            td.passed { color: #126b2d; font-weight: bold; }
            td.failed { color: #a4161a; font-weight: bold; }
            .abort-note, .absent, .problems { color: #a4161a; }
            pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
            caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
            .charts svg { display: block; margin: 0.3em 0 0.8em; }
            .plot-note { color: #777; font-style: italic; }
            .badge { font-weight: bold; padding: 0.05em 0.45em; border-radius: 0.3em; color: #fff; }
            .badge.passed { background: #1e8a3a; }
            .badge.failed { background: #c1121f; }
            table.fields td:first-child { font-family: monospace; }
            """;
}

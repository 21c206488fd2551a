package africa.easymo.perf.evidence.baseline;

import africa.easymo.perf.evidence.RunSummaryWriter;
import africa.easymo.perf.evidence.rules.Baseline;
import africa.easymo.perf.evidence.rules.Metric;
import africa.easymo.perf.evidence.rules.Threshold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A previous run's summary, read once at test start ({@code -Jperf.baseline=<summary or run folder>}): the figures
 * {@code baseline} limits refer to, and the per-label comparison the new run's summary shows. A missing, unreadable or
 * incompatible file (another plan, another summary schema) is one clear message, and the run does not start.
 */
public final class BaselineRun implements Baseline {
    /** JMeter property (or environment variable) naming the baseline. */
    public static final String PROPERTY = "perf.baseline";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The figures compared per label, as the summary names them. */
    static final List<String> FIGURES = List.of("p90", "p95", "p99", "avg", "med", "max", "errorRate", "rate");

    private final Path file;
    private final JsonNode summary;

    private BaselineRun(Path file, JsonNode summary) {
        this.file = file;
        this.summary = summary;
    }

    /**
     * Reads a run summary (or the {@code <plan>-summary.json} in a run folder); {@code plan} null accepts any plan.
     *
     * @throws IllegalArgumentException
     *             with one line naming the file and what is wrong with it
     */
    public static BaselineRun load(Path given, String plan) {
        Path file = given;
        if (Files.isDirectory(given)) {
            try (Stream<Path> s = Files.list(given)) {
                List<Path> summaries = s.filter(p -> p.getFileName().toString().endsWith("-summary.json")).toList();
                if (summaries.size() != 1) {
                    throw new IllegalArgumentException(PROPERTY + "=" + given
                            + ": a run folder holds one *-summary.json, " + "this one holds " + summaries.size());
                }
                file = summaries.get(0);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        PROPERTY + "=" + given + ": cannot read the folder: " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(PROPERTY + "=" + given + ": no such run summary or run folder");
        }
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(PROPERTY + "=" + file + ": not a run summary (" + oneLine(e) + ")");
        }
        if (json == null || !json.isObject() || !json.has("labels")) {
            throw new IllegalArgumentException(PROPERTY + "=" + file + ": not a run summary (no labels)");
        }
        String schema = json.path("schema").asText("");
        if (!RunSummaryWriter.SCHEMA.equals(schema)) {
            throw new IllegalArgumentException(PROPERTY + "=" + file + ": summary schema '" + schema
                    + "', this version reads '" + RunSummaryWriter.SCHEMA + "'");
        }
        String itsPlan = json.path("plan").asText("");
        if (plan != null && !plan.equals(itsPlan)) {
            throw new IllegalArgumentException(
                    PROPERTY + "=" + file + ": a run of plan '" + itsPlan + "', not of '" + plan + "'");
        }
        if ("refused".equals(json.path("status").asText())) {
            throw new IllegalArgumentException(PROPERTY + "=" + file + ": that run never started (refused)");
        }
        return new BaselineRun(file, json);
    }

    private static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public Path file() {
        return file;
    }

    @Override
    public String source() {
        return file.toString();
    }

    /**
     * The same threshold's observed figure in the baseline run, else the label's figure from its table (the whole run
     * for a threshold over every label).
     */
    @Override
    public OptionalDouble value(Threshold t) {
        for (JsonNode th : summary.path("thresholds")) {
            String label = th.path("label").isNull() ? null : th.path("label").asText(null);
            boolean sameLabel = t.metric().kind() == Metric.Kind.COUNTER || t.selector().isAll()
                    ? label == null || label.equals(t.selector().text()) : t.selector().text().equals(label);
            if (sameLabel && t.metric().toString().equals(th.path("metric").asText())
                    && th.path("observed").isNumber()) {
                return OptionalDouble.of(th.path("observed").asDouble());
            }
        }
        JsonNode row = t.selector().isAll() ? summary.path("total") : summary.path("labels").path(t.selector().text());
        String field = field(t.metric());
        if (field != null && row.path(field).isNumber()) {
            return OptionalDouble.of(row.path(field).asDouble());
        }
        return OptionalDouble.empty();
    }

    private static String field(Metric m) {
        String s = m.toString();
        return switch (s) {
        case "p(90)" -> "p90";
        case "p(95)" -> "p95";
        case "p(99)" -> "p99";
        case "avg", "min", "max", "med" -> s;
        case "errors" -> "errorRate";
        case "count" -> "count";
        default -> null;
        };
    }

    /**
     * Each label's figures now and in the baseline, with the change: the summary's {@code baseline} section.
     *
     * @param now
     *            this run's summary JSON (its {@code labels})
     */
    public Map<String, Object> comparison(JsonNode now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("plan", summary.path("plan").asText());
        out.put("start", summary.path("start").asText());
        out.put("status", summary.path("status").asText());
        out.put("labels", Comparison.of(summary, now));
        return out;
    }

    /** Label → figure → {now, baseline, change %}. */
    static final class Comparison {
        private Comparison() {
        }

        static Map<String, Object> of(JsonNode baseline, JsonNode now) {
            Map<String, Object> labels = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = now.path("labels").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode then = baseline.path("labels").path(e.getKey());
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String f : FIGURES) {
                    JsonNode a = e.getValue().path(f);
                    JsonNode b = then.path(f);
                    if (!a.isNumber() && !b.isNumber()) {
                        continue;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("now", a.isNumber() ? a.asDouble() : null);
                    row.put("baseline", b.isNumber() ? b.asDouble() : null);
                    if (a.isNumber() && b.isNumber() && b.asDouble() != 0) {
                        row.put("changePercent", Math.round((a.asDouble() / b.asDouble() - 1) * 1000) / 10.0);
                    }
                    figures.put(f, row);
                }
                labels.put(e.getKey(), figures);
            }
            return labels;
        }
    }
}

package africa.easymo.perf.evidence.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares two run summaries offline, for CI jobs that keep the last release's evidence: per label, the figures now and
 * then with the change, and exit 1 on a regression beyond the tolerances (0 when none, 2 on bad input).
 *
 * <pre>
 * java -cp easymo-perf-plugin-&lt;version&gt;.jar africa.easymo.perf.evidence.baseline.CompareRuns \
 *     &lt;baseline summary or run folder&gt; &lt;current summary or run folder&gt; [p95=20%] [errorRate=+0.5] ...
 * </pre>
 *
 * A tolerance {@code figure=N%} allows the figure to grow by N percent of its baseline; {@code figure=+N} by N in its
 * own unit (ms, or percentage points for {@code errorRate}). Default: {@code p95=20%} and {@code errorRate=+1}.
 */
public final class CompareRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompareRuns() {
    }

    /** One figure's allowed growth. */
    record Tolerance(String figure, double amount, boolean relative) {
        static Tolerance parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("tolerance '" + text + "': write figure=20% or figure=+0.5");
            }
            String figure = text.substring(0, eq).trim();
            String v = text.substring(eq + 1).trim();
            if (!BaselineRun.FIGURES.contains(figure)) {
                throw new IllegalArgumentException(
                        "tolerance '" + text + "': figure must be one of " + BaselineRun.FIGURES);
            }
            try {
                if (v.endsWith("%")) {
                    return new Tolerance(figure, Double.parseDouble(v.substring(0, v.length() - 1)), true);
                }
                return new Tolerance(figure, Double.parseDouble(v.startsWith("+") ? v.substring(1) : v), false);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tolerance '" + text + "': '" + v + "' is not a number");
            }
        }

        boolean regressed(double baseline, double now) {
            double limit = relative ? baseline * (1 + amount / 100) : baseline + amount;
            return now > limit;
        }

        String describe() {
            return figure + (relative ? " +" + amount + "%" : " +" + amount);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command, in-process; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: CompareRuns <baseline summary or run folder> <current summary or run folder> "
                    + "[figure=N% | figure=+N ...]   (figures: " + BaselineRun.FIGURES + ")");
            return 2;
        }
        try {
            List<Tolerance> tolerances = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                tolerances.add(Tolerance.parse(args[i]));
            }
            if (tolerances.isEmpty()) {
                tolerances = List.of(Tolerance.parse("p95=20%"), Tolerance.parse("errorRate=+1"));
            }
            BaselineRun baseline = BaselineRun.load(Path.of(args[0]), null);
            BaselineRun current = BaselineRun.load(Path.of(args[1]), null);
            JsonNode now = JSON.readTree(current.file().toFile());
            JsonNode then = JSON.readTree(baseline.file().toFile());
            if (!now.path("plan").asText().equals(then.path("plan").asText())) {
                err.println("compare: " + current.file() + " is a run of '" + now.path("plan").asText() + "', "
                        + baseline.file() + " of '" + then.path("plan").asText() + "'");
                return 2;
            }
            return compare(then, now, tolerances, out);
        } catch (IllegalArgumentException | IOException e) {
            err.println("compare: " + e.getMessage());
            return 2;
        }
    }

    static int compare(JsonNode then, JsonNode now, List<Tolerance> tolerances, PrintStream out) {
        Map<String, Object> labels = BaselineRun.Comparison.of(then, now);
        List<String> regressions = new ArrayList<>();
        out.printf(Locale.ROOT, "%-30s %-10s %10s %10s %9s  %s%n", "label", "figure", "baseline", "now", "change",
                "verdict");
        for (Map.Entry<String, Object> l : labels.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> figures = (Map<String, Object>) l.getValue();
            for (Tolerance t : tolerances) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) figures.getOrDefault(t.figure(), new LinkedHashMap<>());
                Object a = row.get("now");
                Object b = row.get("baseline");
                String verdict;
                if (a == null || b == null) {
                    verdict = b == null ? "new (no baseline)" : "missing now";
                } else if (t.regressed(((Number) b).doubleValue(), ((Number) a).doubleValue())) {
                    verdict = "REGRESSION (allowed " + t.describe() + ")";
                    regressions.add(l.getKey() + " " + t.figure() + " " + b + " -> " + a);
                } else {
                    verdict = "ok";
                }
                Object change = row.get("changePercent");
                out.printf(Locale.ROOT, "%-30s %-10s %10s %10s %9s  %s%n", l.getKey(), t.figure(), b == null ? "-" : b,
                        a == null ? "-" : a, change == null ? "-" : change + "%", verdict);
            }
        }
        if (regressions.isEmpty()) {
            out.println("Result: no regression beyond the tolerances");
            return 0;
        }
        out.println("Result: REGRESSION: " + String.join("; ", regressions));
        return 1;
    }
}

package africa.easymo.perf.evidence.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The thresholds and abort rules of a plan, read from the compact k6-like text of the SLO Thresholds element.
 *
 * <pre>
 * # label: conditions (all must pass); '#' starts a comment
 * redeem: p(95)&lt;500, avg&lt;300, errors&lt;1%
 * campaign dispatch: p(95)&lt;2s, rate(429,5xx)&lt;5%
 * counter(redeem.double_spend_accepted)==0
 * voucher preview: abort if 5xx&gt;5% over 60s
 * abort if p(95)&gt;2000 for 60s min 20
 * </pre>
 *
 * Metrics: {@code p(N)}, {@code avg}, {@code min}, {@code max}, {@code med} (ms; a limit may say {@code ms} or
 * {@code s}), {@code errors} and {@code rate(codes)} or a bare code/class such as {@code 429} or {@code 5xx} (percent,
 * written with {@code %}), {@code count}, {@code counter(name)}. Operators {@code < <= > >= == !=}. A line without a
 * label means all samples; a label may be a glob ({@code campaign *}).
 */
public record SloRules(List<Threshold> thresholds, List<AbortRule> abortRules) {

    public SloRules {
        thresholds = List.copyOf(thresholds);
        abortRules = List.copyOf(abortRules);
    }

    public static final SloRules NONE = new SloRules(List.of(), List.of());

    /**
     * Reads both fields; either may hold either kind of line.
     *
     * @throws ThresholdParseException
     *             naming the field, line and rule
     */
    public static SloRules parse(String thresholdsText, String abortRulesText) {
        List<Threshold> thresholds = new ArrayList<>();
        List<AbortRule> aborts = new ArrayList<>();
        new Parser("thresholds", thresholds, aborts).parseText(thresholdsText);
        new Parser("abort rules", thresholds, aborts).parseText(abortRulesText);
        return new SloRules(thresholds, aborts);
    }

    public boolean isEmpty() {
        return thresholds.isEmpty() && abortRules.isEmpty();
    }

    private static final class Parser {
        private final String field;
        private final List<Threshold> thresholds;
        private final List<AbortRule> aborts;
        private int lineNo;
        private String line;
        private String text;
        private int pos;

        Parser(String field, List<Threshold> thresholds, List<AbortRule> aborts) {
            this.field = field;
            this.thresholds = thresholds;
            this.aborts = aborts;
        }

        void parseText(String all) {
            if (all == null) {
                return;
            }
            String[] lines = all.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                lineNo = i + 1;
                line = stripComment(lines[i]).trim();
                if (!line.isEmpty()) {
                    parseLine();
                }
            }
        }

        private static String stripComment(String raw) {
            for (int i = 0; i < raw.length(); i++) {
                if (raw.charAt(i) == '#' && (i == 0 || Character.isWhitespace(raw.charAt(i - 1)))) {
                    return raw.substring(0, i);
                }
            }
            return raw;
        }

        private void parseLine() {
            LabelSelector selector = LabelSelector.ALL;
            String body = line;
            int colon = line.lastIndexOf(':');
            if (colon >= 0) {
                String label = line.substring(0, colon).trim();
                if (label.isEmpty()) {
                    throw error("nothing before ':' — write the sample label, or leave out the ':' for all samples");
                }
                selector = LabelSelector.of(label);
                body = line.substring(colon + 1).trim();
            }
            if (body.isEmpty()) {
                throw error("no condition after the label (e.g. p(95)<500, errors<1%)");
            }
            if (body.toLowerCase(Locale.ROOT).startsWith("abort")) {
                parseAbort(selector, body);
                return;
            }
            for (String item : splitTopLevel(body)) {
                if (item.isBlank()) {
                    throw error("empty condition between commas");
                }
                thresholds.add(parseThreshold(selector, item.trim()));
            }
        }

        private List<String> splitTopLevel(String body) {
            List<String> items = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    items.add(body.substring(start, i));
                    start = i + 1;
                }
            }
            items.add(body.substring(start));
            return items;
        }

        private Threshold parseThreshold(LabelSelector selector, String item) {
            begin(item);
            Metric metric = metric();
            Comparison op = operator(metric);
            skipSpaces();
            BaselineLimit baseline = null;
            double limit = Double.NaN;
            if (text.startsWith("baseline", pos)) {
                baseline = baselineLimit(metric, op);
            } else {
                limit = limit(metric, op);
            }
            skipSpaces();
            if (pos < text.length()) {
                throw error("unexpected '" + text.substring(pos) + "' after " + metric + op.symbol()
                        + " — separate conditions with ','; abort rules start with 'abort if'");
            }
            return new Threshold(metric.kind() == Metric.Kind.COUNTER ? LabelSelector.ALL : selector, metric, op, limit,
                    line, baseline);
        }

        /** {@code baseline}, {@code baseline * 1.2} or {@code baseline + 0.5%} (the offset in the metric's unit). */
        private BaselineLimit baselineLimit(Metric metric, Comparison op) {
            pos += "baseline".length();
            skipSpaces();
            if (pos >= text.length()) {
                return new BaselineLimit(BaselineLimit.Op.TIMES, 1);
            }
            char c = text.charAt(pos);
            if (c != '*' && c != '+') {
                throw error("after " + metric + op.symbol() + "baseline write '* <factor>' or '+ <offset>', e.g. "
                        + metric + op.symbol() + "baseline * 1.2");
            }
            pos++;
            if (c == '*') {
                skipSpaces();
                try {
                    return new BaselineLimit(BaselineLimit.Op.TIMES, Double.parseDouble(decimal()));
                } catch (NumberFormatException e) {
                    throw error("expected a factor after 'baseline *'");
                }
            }
            return new BaselineLimit(BaselineLimit.Op.PLUS, limit(metric, op));
        }

        private void parseAbort(LabelSelector selector, String body) {
            begin(body);
            if (!keyword("abort") || !keyword("if")) {
                throw error("an abort rule reads 'abort if <metric><op><limit> over|for <duration>'");
            }
            Metric metric = metric();
            Comparison op = operator(metric);
            double limit = limit(metric, op);
            AbortRule.Mode mode;
            long window = 0;
            if (metric.kind() == Metric.Kind.COUNTER) {
                mode = AbortRule.Mode.NOW;
                selector = LabelSelector.ALL;
            } else if (keyword("over")) {
                mode = AbortRule.Mode.OVER;
                window = duration();
            } else if (keyword("for")) {
                mode = AbortRule.Mode.FOR;
                window = duration();
            } else {
                throw error("expected 'over <duration>' (the figure over a sliding window) or 'for <duration>' "
                        + "(sustained that long) after " + metric + op.symbol() + Metric.trim(limit) + metric.unit());
            }
            int min = AbortRule.DEFAULT_MIN_SAMPLES;
            if (keyword("min")) {
                min = (int) integer("the minimum number of samples after 'min'");
                keyword("samples");
            }
            skipSpaces();
            if (pos < text.length()) {
                throw error("unexpected '" + text.substring(pos) + "' at the end of the abort rule");
            }
            aborts.add(new AbortRule(selector, metric, op, limit, mode, window, min, line));
        }

        private void begin(String t) {
            text = t;
            pos = 0;
        }

        private Metric metric() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
            if (word.isEmpty()) {
                throw error("expected a metric at '" + text.substring(start) + "'" + METRICS_HINT);
            }
            switch (word) {
            case "avg":
                return Metric.of(Metric.Kind.AVG);
            case "min":
                return Metric.of(Metric.Kind.MIN);
            case "max":
                return Metric.of(Metric.Kind.MAX);
            case "med":
                return Metric.of(Metric.Kind.MED);
            case "errors":
                return Metric.of(Metric.Kind.ERRORS);
            case "count":
                return Metric.of(Metric.Kind.COUNT);
            case "p":
                return Metric.percentile(percentileRank(argument("p")));
            case "rate":
                try {
                    return Metric.statusRate(StatusCodeSet.parse(argument("rate")));
                } catch (ThresholdParseException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw error("rate(...): " + e.getMessage());
                }
            case "counter": {
                String name = argument("counter").trim();
                if (!name.matches("[A-Za-z0-9_.\\-]+")) {
                    throw error("counter name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
                }
                return Metric.counter(name);
            }
            default:
                if (word.matches("p\\d+(\\.\\d+)?") || word.matches("p\\d+_\\d+")) {
                    return Metric.percentile(percentileRank(word.substring(1).replace('_', '.')));
                }
                if (StatusCodeSet.isItem(word)) {
                    return Metric.statusRate(StatusCodeSet.parse(word));
                }
                throw error("unknown metric '" + word + "'" + METRICS_HINT);
            }
        }

        private static final String METRICS_HINT = " (known: p(N), avg, min, max, med, errors, count, rate(429,5xx),"
                + " a status code or class such as 429 or 5xx, counter(name))";

        private String argument(String name) {
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != '(') {
                throw error("expected '(' after '" + name + "', e.g. " + example(name));
            }
            int close = text.indexOf(')', pos);
            if (close < 0) {
                throw error("missing ')' after '" + name + "('");
            }
            String arg = text.substring(pos + 1, close);
            pos = close + 1;
            if (arg.isBlank()) {
                throw error("empty " + name + "(), e.g. " + example(name));
            }
            return arg;
        }

        private static String example(String name) {
            return switch (name) {
            case "p" -> "p(95)";
            case "rate" -> "rate(429,5xx)";
            default -> "counter(redeem.double_spend_accepted)";
            };
        }

        private double percentileRank(String arg) {
            double q;
            try {
                q = Double.parseDouble(arg.trim());
            } catch (NumberFormatException e) {
                throw error("percentile '" + arg.trim() + "' is not a number");
            }
            if (!(q > 0 && q <= 100)) {
                throw error("percentile " + arg.trim() + " is outside (0, 100]");
            }
            return q;
        }

        private Comparison operator(Metric metric) {
            skipSpaces();
            Comparison op = pos < text.length() ? Comparison.at(text, pos) : null;
            if (op == null) {
                throw error("expected one of < <= > >= == != after " + metric
                        + (pos < text.length() ? " at '" + text.substring(pos) + "'" : ""));
            }
            pos += op.symbol().length();
            return op;
        }

        /** The digits and dots at the cursor, consumed. */
        private String decimal() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private double limit(Metric metric, Comparison op) {
            skipSpaces();
            int start = pos;
            String number = decimal();
            double value;
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw error("expected a number after " + metric + op.symbol()
                        + (start < text.length() ? " at '" + text.substring(start) + "'" : ""));
            }
            int unitStart = pos;
            while (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '%')) {
                pos++;
            }
            String unit = text.substring(unitStart, pos).toLowerCase(Locale.ROOT);
            if (metric.isRate()) {
                if (!unit.equals("%")) {
                    throw error(
                            metric + " is a percentage: write the limit with '%', e.g. " + metric + op.symbol() + "1%");
                }
                if (value > 100) {
                    throw error(metric + " limit " + number + "% is above 100%");
                }
                return value;
            }
            if (metric.isLatency()) {
                return switch (unit) {
                case "", "ms" -> value;
                case "s" -> value * 1000;
                default -> throw error("latency limit unit '" + unit + "' unknown (use ms or s)");
                };
            }
            if (!unit.isEmpty()) {
                throw error(metric + " is a plain number: drop the unit '" + unit + "'");
            }
            return value;
        }

        private long duration() {
            long n = integer("a duration such as 60s or 1m");
            skipSpaces();
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String unit = text.substring(start, pos).toLowerCase(Locale.ROOT);
            long seconds = switch (unit) {
            case "s", "sec", "secs", "second", "seconds" -> n;
            case "m", "min", "mins", "minute", "minutes" -> n * 60;
            default -> throw error("duration unit '" + unit + "' unknown (use s or m, e.g. 60s, 1m)");
            };
            if (seconds < 1 || seconds > 3600) {
                throw error("window " + seconds + "s is outside 1s..1h");
            }
            return seconds;
        }

        private long integer(String what) {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what
                        + (start < text.length() ? " at '" + text.substring(start) + "'" : " at the end"));
            }
            try {
                return Long.parseLong(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error(text.substring(start, pos) + " is too large");
            }
        }

        private boolean keyword(String word) {
            skipSpaces();
            int end = pos + word.length();
            if (text.regionMatches(true, pos, word, 0, word.length())
                    && (end == text.length() || !Character.isLetter(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private ThresholdParseException error(String what) {
            return new ThresholdParseException("SLO " + field + ", line " + lineNo + " \"" + line + "\": " + what);
        }
    }
}

package africa.easymo.perf.evidence.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (0.0.4, and the OpenMetrics lines a Prometheus endpoint may also serve):
 * samples with labels, escaped label values, NaN/±Inf values and optional timestamps; comments, HELP/TYPE lines and
 * {@code # EOF} are skipped.
 *
 * <p>
 * No Java library on Maven Central parses this format (the Prometheus client libraries only write it), hence this small
 * parser. It is strict: a scrape with a malformed line is rejected as a whole, because a half-read scrape would give
 * wrong sums.
 */
public final class PrometheusTextParser {

    private PrometheusTextParser() {
    }

    public static List<PrometheusSample> parse(String text) throws PrometheusFormatException {
        List<PrometheusSample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            samples.add(new LineReader(trimmed, i + 1).read());
        }
        return samples;
    }

    private static final class LineReader {
        private final String s;
        private final int lineNo;
        private int pos;

        LineReader(String s, int lineNo) {
            this.s = s;
            this.lineNo = lineNo;
        }

        PrometheusSample read() throws PrometheusFormatException {
            String name = name(true);
            if (name.isEmpty()) {
                throw error("expected a metric name");
            }
            Map<String, String> labels = new HashMap<>();
            boolean spaced = skipSpaces();
            if (peek() == '{') {
                pos++;
                labels(labels);
                spaced = skipSpaces();
            }
            if (!spaced) {
                throw error("expected a space before the value");
            }
            double value = number(token());
            if (skipSpaces() && pos < s.length()) {
                String ts = token();
                try {
                    Double.parseDouble(ts);
                } catch (NumberFormatException e) {
                    throw error("timestamp '" + ts + "' is not a number");
                }
                skipSpaces();
            }
            if (pos < s.length()) {
                // OpenMetrics exemplars follow a '#'.
                if (peek() != '#') {
                    throw error("unexpected '" + s.substring(pos) + "' after the value");
                }
            }
            return new PrometheusSample(name, labels, value);
        }

        private void labels(Map<String, String> labels) throws PrometheusFormatException {
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                String key = name(false);
                if (key.isEmpty()) {
                    throw error("expected a label name or '}'");
                }
                skipSpaces();
                if (peek() != '=') {
                    throw error("expected '=' after label " + key);
                }
                pos++;
                skipSpaces();
                if (peek() != '"') {
                    throw error("expected '\"' to open the value of label " + key);
                }
                pos++;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw error("unterminated value of label " + key);
                    }
                    char c = s.charAt(pos++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (pos >= s.length()) {
                            throw error("unterminated escape in label " + key);
                        }
                        char e = s.charAt(pos++);
                        v.append(switch (e) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw error("unknown escape '\\" + e + "' in label " + key);
                        });
                    } else {
                        v.append(c);
                    }
                }
                labels.put(key, v.toString());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after label " + key);
                }
            }
        }

        private String name(boolean metric) {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                boolean ok = Character.isLetter(c) && c < 128 || c == '_' || (metric && c == ':')
                        || (pos > start && c >= '0' && c <= '9');
                if (!ok) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private double number(String t) throws PrometheusFormatException {
            switch (t) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw error(t.isEmpty() ? "missing value" : "value '" + t + "' is not a number");
                }
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private boolean skipSpaces() {
            int start = pos;
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > start;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private PrometheusFormatException error(String what) {
            String shown = s.length() > 120 ? s.substring(0, 120) + "…" : s;
            return new PrometheusFormatException("line " + lineNo + " \"" + shown + "\": " + what);
        }
    }
}

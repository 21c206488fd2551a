package africa.easymo.perf.testplans.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One summary section (a reconciliation, the counters) as a two-column field/value table a person can read at a glance:
 * nested objects flattened to dotted keys, arrays as a count plus their first items, {@code passed} as a badge, and a
 * non-empty {@code problems} list pulled out below the table in red.
 */
final class FieldTable {

    /** How many items of an array the table shows after its count; the JSON summary holds the rest. */
    static final int ARRAY_ITEMS_SHOWN = 3;

    private FieldTable() {
    }

    static void section(StringBuilder h, String name, JsonNode section) {
        h.append("<table class=\"fields\" data-section=\"").append(EvidenceIndex.esc(name)).append("\">\n<caption>")
                .append(EvidenceIndex.esc(name)).append("</caption>\n<tr><th>field</th><th>value</th></tr>\n");
        List<String> problems = new ArrayList<>();
        if (section.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = section.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if ("problems".equals(e.getKey()) && e.getValue().isArray()) {
                    e.getValue().forEach(p -> problems.add(p.isTextual() ? p.asText() : p.toString()));
                    row(h, "problems", problems.isEmpty() ? "none" : Integer.toString(problems.size()));
                } else {
                    rows(h, e.getKey(), e.getValue());
                }
            }
        } else {
            rows(h, "value", section);
        }
        h.append("</table>\n");
        if (!problems.isEmpty()) {
            h.append("<ul class=\"problems\">\n");
            problems.forEach(p -> h.append("<li>").append(EvidenceIndex.esc(p)).append("</li>\n"));
            h.append("</ul>\n");
        }
    }

    private static void rows(StringBuilder h, String key, JsonNode v) {
        if (v.isObject() && v.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                rows(h, key + "." + e.getKey(), e.getValue());
            }
            return;
        }
        if (v.isBoolean() && ("passed".equals(key) || key.endsWith(".passed"))) {
            boolean ok = v.asBoolean();
            h.append("<tr><td>").append(EvidenceIndex.esc(key)).append("</td><td><span class=\"badge ")
                    .append(ok ? "passed" : "failed").append("\">").append(ok ? "PASS" : "FAIL")
                    .append("</span></td></tr>\n");
            return;
        }
        row(h, key, value(v));
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><td>").append(EvidenceIndex.esc(key)).append("</td><td>").append(EvidenceIndex.esc(value))
                .append("</td></tr>\n");
    }

    /** A leaf as text: arrays as {@code "0"} or {@code "5: a, b, c, …"}, an empty object as "none". */
    static String value(JsonNode v) {
        if (v.isArray()) {
            StringBuilder b = new StringBuilder(Integer.toString(v.size()));
            for (int i = 0; i < Math.min(ARRAY_ITEMS_SHOWN, v.size()); i++) {
                b.append(i == 0 ? ": " : ", ").append(value(v.get(i)));
            }
            return v.size() > ARRAY_ITEMS_SHOWN ? b.append(", …").toString() : b.toString();
        }
        if (v.isObject()) {
            return v.size() == 0 ? "none" : v.toString();
        }
        if (v.isNumber()) {
            return figure(v.asDouble());
        }
        if (v.isNull() || v.isMissingNode()) {
            return "n/a";
        }
        return v.asText();
    }

    /** Thousands grouped so that counts like 5732182058 read at a glance; fractions to two decimals. */
    static String figure(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.2f", v);
    }
}

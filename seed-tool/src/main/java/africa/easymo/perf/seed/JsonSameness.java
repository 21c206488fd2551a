package africa.easymo.perf.seed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Compares what the plan wrote with what the target returns: numbers by value ({@code 2000} = {@code 2000.00}), JSON
 * objects by their fields whatever the order, a missing field the same as null.
 */
final class JsonSameness {
    private JsonSameness() {
    }

    static boolean same(JsonNode expected, JsonNode actual) {
        boolean eNull = expected == null || expected.isNull() || expected.isMissingNode();
        boolean aNull = actual == null || actual.isNull() || actual.isMissingNode();
        if (eNull || aNull) {
            return eNull && aNull;
        }
        if (expected.isNumber() || actual.isNumber()) {
            if (!(expected.isNumber() || expected.isTextual()) || !(actual.isNumber() || actual.isTextual())) {
                return false;
            }
            try {
                return new java.math.BigDecimal(expected.asText())
                        .compareTo(new java.math.BigDecimal(actual.asText())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (expected.isObject()) {
            return actual.isObject() && expected.size() == actual.size() && contains(expected, actual);
        }
        if (expected.isArray()) {
            if (!actual.isArray() || expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.getNodeType() == actual.getNodeType() && expected.asText().equals(actual.asText());
    }

    /** Every field of {@code expected} is in {@code actual} with the same value (extra fields allowed). */
    static boolean contains(JsonNode expected, JsonNode actual) {
        if (actual == null || !actual.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!same(f.getValue(), actual.get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static String show(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "null";
        }
        String s = n.isTextual() ? "'" + n.asText() + "'" : n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}

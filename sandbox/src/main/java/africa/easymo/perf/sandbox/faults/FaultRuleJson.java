package africa.easymo.perf.sandbox.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Set;

/**
 * JSON form of a {@link FaultRule}, as {@code POST /__sandbox/faults} takes it:
 * {@code {"pathPrefix":"/rest/v1/vouchers","method":"POST","afterRequests":3,"status":503,"share":1.0,
 * "dropShare":0.0,"delayMillis":0,"maxFailures":0,"retryAfterSeconds":1}}.
 */
public final class FaultRuleJson {
    private static final Set<String> FIELDS = Set.of("pathPrefix", "path", "method", "afterRequests", "failAfter",
            "status", "share", "dropShare", "delayMillis", "maxFailures", "retryAfterSeconds");

    private FaultRuleJson() {
    }

    /**
     * @throws IllegalArgumentException
     *             naming the field that is wrong
     */
    public static FaultRule parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a fault rule must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown fault rule field '" + f + "'; known: " + FIELDS);
            }
        }
        String prefix = text(node, "pathPrefix", text(node, "path", "/"));
        FaultRule.Builder b = FaultRule.forPath(prefix);
        b.method(text(node, "method", null));
        b.afterRequests(number(node, "afterRequests", number(node, "failAfter", 0)));
        b.status((int) number(node, "status", 0));
        if (node.has("share")) {
            b.share(decimal(node, "share"));
        }
        if (node.has("dropShare")) {
            b.dropShare(decimal(node, "dropShare"));
        }
        b.delayMillis(number(node, "delayMillis", 0));
        b.maxFailures(number(node, "maxFailures", 0));
        b.retryAfterSeconds((int) number(node, "retryAfterSeconds", -1));
        return b.build();
    }

    public static ObjectNode toJson(ObjectMapper mapper, FaultRule r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", r.id());
        n.put("pathPrefix", r.pathPrefix());
        if (r.method() == null) {
            n.putNull("method");
        } else {
            n.put("method", r.method());
        }
        n.put("afterRequests", r.afterRequests());
        n.put("status", r.status());
        n.put("share", r.share());
        n.put("dropShare", r.dropShare());
        n.put("delayMillis", r.delayMillis());
        n.put("maxFailures", r.maxFailures());
        n.put("retryAfterSeconds", r.retryAfterSeconds());
        n.put("seen", r.seen());
        n.put("failures", r.failures());
        n.put("drops", r.drops());
        return n;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("fault rule field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long number(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("fault rule field '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    private static double decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("fault rule field '" + field + "' must be a number 0..1");
        }
        return v.asDouble();
    }
}

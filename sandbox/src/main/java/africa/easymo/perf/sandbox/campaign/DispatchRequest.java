package africa.easymo.perf.sandbox.campaign;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One {@code POST /campaigns} body: {@code {campaignId, batchReference, targets: [msisdn…], throttle: {maxPerMinute,
 * maxInflight}, metadata: {source, seedVersion}, sandbox?: {number, token}}}. The WABA token is kept only to decide
 * that the WABA sandbox is used; it is never stored, logged or echoed.
 */
record DispatchRequest(UUID campaignId, String batchReference, List<String> targets, Integer maxPerMinute,
        Integer maxInflight, String wabaNumber, boolean wabaSandbox) {

    static final int MAX_REFERENCE_LENGTH = 200;

    static DispatchRequest parse(JsonNode body, int maxBatchSize) throws InvalidDispatchException {
        if (body == null || !body.isObject()) {
            throw InvalidDispatchException.payload("body must be a JSON object");
        }
        UUID campaignId = uuid(body, "campaignId");
        String reference = text(body, "batchReference");
        if (reference.length() > MAX_REFERENCE_LENGTH) {
            throw InvalidDispatchException
                    .payload("batchReference is longer than " + MAX_REFERENCE_LENGTH + " characters");
        }
        JsonNode t = body.get("targets");
        if (t == null || !t.isArray() || t.isEmpty()) {
            throw InvalidDispatchException.payload("targets must be a non-empty array of MSISDNs");
        }
        if (t.size() > maxBatchSize) {
            throw InvalidDispatchException
                    .payload("targets holds " + t.size() + " MSISDNs; a batch may hold at most " + maxBatchSize);
        }
        List<String> targets = new ArrayList<>(t.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            JsonNode m = t.get(i);
            if (!m.isTextual() || m.asText().isBlank()) {
                throw InvalidDispatchException.payload("targets[" + i + "] must be a non-blank MSISDN string");
            }
            String msisdn = m.asText().trim();
            if (!seen.add(msisdn)) {
                throw InvalidDispatchException.payload("targets[" + i + "]: " + msisdn + " appears twice in the batch");
            }
            targets.add(msisdn);
        }
        Integer maxPerMinute = null;
        Integer maxInflight = null;
        JsonNode throttle = body.get("throttle");
        if (throttle != null && !throttle.isNull()) {
            if (!throttle.isObject()) {
                throw InvalidDispatchException.payload("throttle must be an object {maxPerMinute, maxInflight}");
            }
            maxPerMinute = positiveInt(throttle, "throttle.maxPerMinute", "maxPerMinute");
            maxInflight = positiveInt(throttle, "throttle.maxInflight", "maxInflight");
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw InvalidDispatchException.payload("metadata must be an object");
        }
        String wabaNumber = null;
        boolean waba = false;
        JsonNode sandbox = body.get("sandbox");
        if (sandbox != null && !sandbox.isNull()) {
            if (!sandbox.isObject()) {
                throw InvalidDispatchException.payload("sandbox must be an object {number, token}");
            }
            wabaNumber = text(sandbox, "number", "sandbox.number");
            text(sandbox, "token", "sandbox.token");
            waba = true;
        }
        return new DispatchRequest(campaignId, reference, List.copyOf(targets), maxPerMinute, maxInflight, wabaNumber,
                waba);
    }

    private static UUID uuid(JsonNode body, String field) throws InvalidDispatchException {
        String s = text(body, field);
        try {
            UUID u = UUID.fromString(s);
            if (!u.toString().equalsIgnoreCase(s)) {
                throw new IllegalArgumentException(s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw InvalidDispatchException.payload(field + " must be a UUID, was '" + s + "'");
        }
    }

    private static String text(JsonNode node, String field) throws InvalidDispatchException {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String field, String path) throws InvalidDispatchException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw InvalidDispatchException.payload(path + " must be a non-blank string");
        }
        return v.asText().trim();
    }

    private static Integer positiveInt(JsonNode node, String path, String field) throws InvalidDispatchException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw InvalidDispatchException.payload(path + " must be a positive integer");
        }
        return v.asInt();
    }

    @Override
    public String toString() {
        // The WABA token is not a field, and the number is not a secret; the targets are many: show the count.
        return "DispatchRequest[campaignId=" + campaignId + ", batchReference=" + batchReference + ", targets="
                + targets.size() + ", waba=" + wabaSandbox + "]";
    }
}

package africa.easymo.perf.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A checked preview body {@code {voucherId, code, amount, currency, expiresAt, stationScope}}.
 *
 * @param stationScope
 *            null when the voucher is valid at every station
 */
record PreviewRequest(UUID voucherId, String code, BigDecimal amount, String currency, OffsetDateTime expiresAt,
        UUID stationScope) {

    private static final Pattern CODE = Pattern.compile("^[A-Z0-9]{5}$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    /**
     * @throws InvalidPreviewPayloadException
     *             naming the first field that is missing or malformed
     */
    static PreviewRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidPreviewPayloadException("body must be a JSON object");
        }
        UUID voucherId = uuid(body, "voucherId", true);
        String code = text(body, "code");
        if (!CODE.matcher(code).matches()) {
            throw new InvalidPreviewPayloadException(
                    "code: must be 5 characters A-Z or 0-9, was \"" + clip(code) + "\"");
        }
        JsonNode a = body.get("amount");
        BigDecimal amount;
        if (a == null || a.isNull()) {
            throw new InvalidPreviewPayloadException("amount: required");
        } else if (a.isNumber()) {
            amount = a.decimalValue();
        } else if (a.isTextual()) {
            try {
                amount = new BigDecimal(a.asText().trim());
            } catch (NumberFormatException e) {
                throw new InvalidPreviewPayloadException("amount: not a number: \"" + clip(a.asText()) + "\"");
            }
        } else {
            throw new InvalidPreviewPayloadException("amount: must be a number");
        }
        if (amount.signum() <= 0) {
            throw new InvalidPreviewPayloadException("amount: must be positive, was " + amount.toPlainString());
        }
        String currency = text(body, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new InvalidPreviewPayloadException(
                    "currency: must be an ISO 4217 code such as RWF, was \"" + clip(currency) + "\"");
        }
        String e = text(body, "expiresAt");
        OffsetDateTime expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(e);
        } catch (DateTimeParseException ex) {
            throw new InvalidPreviewPayloadException(
                    "expiresAt: not an ISO-8601 timestamp with offset: \"" + clip(e) + "\"");
        }
        UUID stationScope = uuid(body, "stationScope", false);
        return new PreviewRequest(voucherId, code, amount, currency, expiresAt, stationScope);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidPreviewPayloadException(field + ": required");
        }
        if (!n.isTextual()) {
            throw new InvalidPreviewPayloadException(field + ": must be a string");
        }
        return n.asText();
    }

    private static UUID uuid(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidPreviewPayloadException(field + ": required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidPreviewPayloadException(field + ": must be a UUID string");
        }
        String s = n.asText();
        if (s.length() != 36) {
            throw new InvalidPreviewPayloadException(field + ": not a UUID: \"" + clip(s) + "\"");
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException ex) {
            throw new InvalidPreviewPayloadException(field + ": not a UUID: \"" + clip(s) + "\"");
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

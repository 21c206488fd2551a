package africa.easymo.perf.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one top-level field of a JSON answer without building its tree: a verdict per sample needs a field or two, and
 * a tree of the whole body cost more CPU than the rest of the redeem sampler's own work together (bench profile).
 */
public final class JsonField {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonField() {
    }

    /**
     * The text of the top-level field {@code name} of a JSON object (a number's or boolean's text too); "" when the
     * body is not a JSON object, the field is missing, null or not a scalar, or the JSON breaks before it.
     */
    public static String text(byte[] body, String name) {
        if (body == null || !startsWithObject(body)) {
            return "";
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field)) {
                    return value != null && value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
                }
                p.skipChildren();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean startsWithObject(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }
}

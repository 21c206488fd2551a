package africa.easymo.perf.audit;

import africa.easymo.perf.core.Redactor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.jmeter.samplers.SampleResult;

/**
 * One audit line: {@code {ts, label, status_code, response_time_ms, response_length, batch_reference, attempt,
 * exception, body}}, the body as parsed JSON when it is JSON, else its first {@value #BODY_LIMIT} bytes as text. The
 * finished line goes through the redactor, so a secret echoed anywhere in an answer never reaches the file.
 */
final class AuditRecord {
    static final int BODY_LIMIT = 2048;
    private static final String NON_HTTP_CODE = "Non HTTP response code: ";
    private static final String NON_HTTP_MESSAGE = "Non HTTP response message: ";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private AuditRecord() {
    }

    /** The line of {@code r}, with the batch reference and attempt it carries when it is an {@link AuditedExchange}. */
    static String line(SampleResult r, Redactor redactor) {
        return line(r, r instanceof AuditedExchange a ? a : null, redactor);
    }

    static String line(SampleResult r, AuditedExchange tag, Redactor redactor) {
        StringWriter sw = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(r.getTimeStamp()).toString());
            g.writeStringField("label", r.getSampleLabel());
            String code = r.getResponseCode();
            Integer status = status(code);
            if (status != null) {
                g.writeNumberField("status_code", status);
            } else {
                g.writeNullField("status_code");
            }
            g.writeNumberField("response_time_ms", r.getTime());
            byte[] data = r.getResponseData();
            g.writeNumberField("response_length", data == null ? 0 : data.length);
            if (tag != null && tag.batchReference() != null) {
                g.writeStringField("batch_reference", tag.batchReference());
            } else {
                g.writeNullField("batch_reference");
            }
            if (tag != null) {
                g.writeNumberField("attempt", tag.attempt());
            } else {
                g.writeNullField("attempt");
            }
            String exception = exception(r, status);
            if (exception != null) {
                g.writeStringField("exception", redactor.redact(exception));
            } else {
                g.writeNullField("exception");
            }
            g.writeFieldName("body");
            writeBody(g, data, redactor);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return redactor.redact(sw.toString());
    }

    private static Integer status(String code) {
        if (code == null || code.length() != 3) {
            return null;
        }
        try {
            return Integer.valueOf(code);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The exception behind a non-HTTP answer, in JMeter's wording turned back into {@code Class: message}. */
    private static String exception(SampleResult r, Integer status) {
        if (status != null) {
            return null;
        }
        String code = r.getResponseCode() == null ? "" : r.getResponseCode();
        String msg = r.getResponseMessage() == null ? "" : r.getResponseMessage();
        String type = code.startsWith(NON_HTTP_CODE) ? code.substring(NON_HTTP_CODE.length()) : code;
        String text = msg.startsWith(NON_HTTP_MESSAGE) ? msg.substring(NON_HTTP_MESSAGE.length()) : msg;
        if (type.isEmpty() && text.isEmpty()) {
            return "no response";
        }
        return text.isEmpty() ? type : type + ": " + text;
    }

    private static void writeBody(JsonGenerator g, byte[] data, Redactor redactor) throws IOException {
        if (data == null || data.length == 0) {
            g.writeNull();
            return;
        }
        int first = firstNonSpace(data);
        if (first >= 0 && (data[first] == '{' || data[first] == '[')) {
            try {
                JsonNode n = MAPPER.readTree(redactor.redact(new String(data, StandardCharsets.UTF_8)));
                if (n != null) {
                    g.writeTree(n);
                    return;
                }
            } catch (IOException notJson) {
                // fall through: logged as text
            }
        }
        g.writeString(redactor.redact(prefix(data)));
    }

    private static int firstNonSpace(byte[] data) {
        for (int i = 0; i < data.length && i < 64; i++) {
            if (!Character.isWhitespace(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The first {@value #BODY_LIMIT} bytes as UTF-8, without a character cut in half. */
    static String prefix(byte[] data) {
        int n = Math.min(data.length, BODY_LIMIT);
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(n);
        d.decode(ByteBuffer.wrap(data, 0, n), out, true);
        out.flip();
        String s = out.toString();
        // A multi-byte character cut at the limit decodes as a trailing replacement char: drop it.
        if (n < data.length && s.endsWith("\uFFFD")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

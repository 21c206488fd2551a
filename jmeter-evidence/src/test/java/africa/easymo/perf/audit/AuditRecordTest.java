package africa.easymo.perf.audit;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.core.Redactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.junit.jupiter.api.Test;

class AuditRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "waba-secret-token-0123456789";

    private static HTTPSampleResult result(String code, String body) {
        HTTPSampleResult r = new HTTPSampleResult();
        r.setSampleLabel("campaign dispatch");
        r.setTimeStamp(1_767_000_000_000L);
        r.setResponseCode(code);
        r.setResponseData(body.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** A sampler's own result type carrying its batch, as the campaign sampler's does. */
    static final class BatchResult extends HTTPSampleResult implements AuditedExchange {
        private static final long serialVersionUID = 1L;
        private final String reference;
        private final int attempt;

        BatchResult(String reference, int attempt) {
            this.reference = reference;
            this.attempt = attempt;
        }

        @Override
        public String batchReference() {
            return reference;
        }

        @Override
        public int attempt() {
            return attempt;
        }
    }

    @Test
    void jsonBodyIsEmbeddedParsedWithTheBatchTheResultCarriesAndSecretsRedacted() throws Exception {
        HTTPSampleResult r = new BatchResult("perf-ref-0-99", 2);
        r.setSampleLabel("campaign dispatch");
        r.setTimeStamp(1_767_000_000_000L);
        r.setResponseCode("202");
        r.setResponseData(
                ("{\"ok\":true,\"echo\":\"" + TOKEN + "\",\"outcomes\":[1,2]}").getBytes(StandardCharsets.UTF_8));
        String line = AuditRecord.line(r, Redactor.of(List.of(TOKEN)));
        assertThat(line).doesNotContain(TOKEN).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.fieldNames()).toIterable().containsExactly("ts", "label", "status_code", "response_time_ms",
                "response_length", "batch_reference", "attempt", "exception", "body");
        assertThat(n.path("status_code").asInt()).isEqualTo(202);
        assertThat(n.path("batch_reference").asText()).isEqualTo("perf-ref-0-99");
        assertThat(n.path("attempt").asInt()).isEqualTo(2);
        assertThat(n.path("exception").isNull()).isTrue();
        assertThat(n.path("body").path("outcomes")).hasSize(2);
        assertThat(n.path("body").path("echo").asText()).isEqualTo(Redactor.MASK);
        assertThat(n.path("ts").asText()).isEqualTo("2025-12-29T09:20:00Z");
    }

    @Test
    void nonJsonBodyIsItsFirstTwoKibAndANonHttpAnswerNamesTheException() throws Exception {
        HTTPSampleResult r = result("Non HTTP response code: org.apache.http.NoHttpResponseException",
                "é".repeat(3000));
        r.setResponseMessage("Non HTTP response message: 127.0.0.1:8080 failed to respond");
        JsonNode n = JSON.readTree(AuditRecord.line(r, Redactor.none()));
        assertThat(n.path("status_code").isNull()).isTrue();
        assertThat(n.path("exception").asText())
                .isEqualTo("org.apache.http.NoHttpResponseException: 127.0.0.1:8080 failed to respond");
        assertThat(n.path("body").asText()).hasSize(1024).doesNotContain("\uFFFD");
        assertThat(n.path("response_length").asInt()).isEqualTo(6000);
        assertThat(n.path("batch_reference").isNull()).isTrue();
    }
}

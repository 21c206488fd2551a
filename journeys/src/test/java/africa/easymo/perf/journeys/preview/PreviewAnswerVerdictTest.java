package africa.easymo.perf.journeys.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.Test;

/** When the preview answer itself passes: 200/202, integration not degraded, both document URLs present. */
class PreviewAnswerVerdictTest {
    private static final PreviewedVoucher VOUCHER = new PreviewedVoucher("3f1d5c7f-10c7-40aa-b94c-2bd44c882148",
            "AB3C9");
    private static final String OK = "{\"imageUrl\":\"http://h/documents/a.png\",\"pdfUrl\":\"/documents/a.pdf\","
            + "\"expiresAt\":\"2031-01-01T00:00:00Z\",\"integration\":{\"status\":\"ok\",\"target\":\"voucher_preview\"}}";

    private static String verdict(int code, String body) {
        SampleResult r = new SampleResult();
        r.setResponseCode(Integer.toString(code));
        r.setResponseData(body.getBytes(StandardCharsets.UTF_8));
        return PreviewVerdicts.refusal(r, PreviewVerdicts.json(r), VOUCHER);
    }

    @Test
    void okAndAcceptedAnswersPass() {
        assertThat(verdict(200, OK)).isNull();
        assertThat(verdict(202, OK.replace("\"ok\"", "\"queued\""))).isNull();
    }

    @Test
    void degradedIntegrationFailsWhateverTheStatus() {
        String degraded = "{\"integration\":{\"status\":\"degraded\",\"target\":\"voucher_preview\","
                + "\"message\":\"bridge down\"}}";
        assertThat(verdict(503, degraded)).isEqualTo(
                "preview of voucher AB3C9 (3f1d5c7f-10c7-40aa-b94c-2bd44c882148) answered 503 with integration degraded: "
                        + "bridge down");
        assertThat(verdict(200, OK.replace("\"ok\"", "\"degraded\"")))
                .contains("answered 200 with integration degraded");
        assertThat(PreviewVerdicts.degraded(PreviewVerdicts.json(result(degraded)))).isTrue();
    }

    @Test
    void errorAnswersFailWithTheirErrorAndMessage() {
        assertThat(verdict(400, "{\"error\":\"invalid_payload\",\"message\":\"code: required\"}"))
                .endsWith("answered 400 invalid_payload: code: required");
        assertThat(verdict(500, "<html>oops</html>")).endsWith("answered 500");
    }

    @Test
    void incompleteAnswersFail() {
        assertThat(verdict(200, "[]")).contains("without a JSON object");
        assertThat(verdict(200, "{\"imageUrl\":\"a\",\"pdfUrl\":\"b\"}")).contains("without integration.status");
        assertThat(verdict(200, OK.replace("\"pdfUrl\":\"/documents/a.pdf\",", ""))).contains("without pdfUrl");
        assertThat(verdict(200, OK.replace("http://h/documents/a.png", "http://h/a b.png")))
                .contains("malformed imageUrl");
    }

    private static SampleResult result(String body) {
        SampleResult r = new SampleResult();
        r.setResponseData(body.getBytes(StandardCharsets.UTF_8));
        return r;
    }
}

package africa.easymo.perf.journeys.preview;

import africa.easymo.perf.http.HttpRequestSpec;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;

/** The preview journey's requests: the preview itself, then the two documents its answer points at. */
final class PreviewRequests {

    private PreviewRequests() {
    }

    /**
     * {@code POST PERF_VOUCHER_PREVIEW_URL} with payload {@code i}, its idempotency key and the bridge secret.
     *
     * @param idempotencyKey
     *            {@code [prefix-]<code>-<thread>-<iteration>}
     */
    static HttpRequestSpec preview(PreviewRun run, int i, String idempotencyKey) {
        return HttpRequestSpec.post(run.url).withHeader("x-idempotency-key", idempotencyKey)
                .withHeader("x-bridge-secret", run.bridgeSecret.reveal()).withJsonBody(run.body(i));
    }

    /** {@code GET} of the document the answer names in {@code field}, relative to the preview URL. */
    static HttpRequestSpec document(PreviewRun run, JsonNode answer, String field) {
        return HttpRequestSpec.get(documentUrl(run.url, answer, field));
    }

    static URI documentUrl(URI previewUrl, JsonNode answer, String field) {
        return previewUrl.resolve(answer.path(field).asText());
    }
}

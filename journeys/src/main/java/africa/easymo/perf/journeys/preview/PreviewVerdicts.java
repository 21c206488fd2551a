package africa.easymo.perf.journeys.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.Locale;

import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * The preview journey's judge. A preview passes on 200/202 with an integration status that is not {@code degraded} and
 * two valid documents; a document sub-sample passes when its checks do. Failures carry the message of the first check
 * that failed, naming the voucher, as the response message and as an assertion failure (the JTL's
 * {@code failureMessage}).
 */
final class PreviewVerdicts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PreviewVerdicts() {
    }

    /** Counts the answer; fails the sample and returns false when the preview answer itself does not pass. */
    static boolean previewAnswered(PreviewRun run, HTTPSampleResult res, JsonNode body, PreviewedVoucher voucher) {
        run.sent.increment();
        if (degraded(body)) {
            run.degraded.increment();
        }
        String refusal = refusal(res, body, voucher);
        if (refusal != null) {
            run.failed.increment();
            fail(res, "preview", refusal);
            return false;
        }
        return true;
    }

    /**
     * Checks both documents and judges the preview by them. Every clock has stopped: the checks cost the load generator
     * CPU, never a sample's time. They are CPU-bound and a decoded card takes ~2 MB, so only as many run at once as
     * there are cores: 500 threads returning together must not hold 500 decoded images.
     */
    static void documentsFetched(PreviewRun run, PreviewDocumentValidator v, HTTPSampleResult res,
            HTTPSampleResult image, HTTPSampleResult pdf, PreviewedVoucher voucher) {
        DocumentVerdict imageVerdict;
        DocumentVerdict pdfVerdict;
        run.validationPermits.acquireUninterruptibly();
        try {
            long cpuStart = cpuNanos();
            imageVerdict = fetchProblem(image, "image/png", DocumentCheck.IMAGE_FETCH, voucher);
            if (imageVerdict == null) {
                imageVerdict = v.checkImage(voucher, image.getResponseData());
            }
            pdfVerdict = fetchProblem(pdf, "application/pdf", DocumentCheck.PDF_FETCH, voucher);
            if (pdfVerdict == null) {
                pdfVerdict = v.checkPdf(voucher, pdf.getResponseData());
            }
            long cpuEnd = cpuNanos();
            if (cpuStart >= 0 && cpuEnd >= cpuStart) {
                run.validationCpuNanos.add(cpuEnd - cpuStart);
                run.validationCpuMeasured.increment();
            }
        } finally {
            run.validationPermits.release();
        }

        document(run, image, imageVerdict);
        document(run, pdf, pdfVerdict);
        // Raw sub-results without renaming: the preview keeps the POST's own timing, the documents keep their labels.
        res.storeSubResult(image, false);
        res.storeSubResult(pdf, false);
        run.accepted.increment();
        if (imageVerdict.isPassed() && pdfVerdict.isPassed()) {
            res.setSuccessful(true);
        } else {
            run.failed.increment();
            String m = imageVerdict.isPassed() ? pdfVerdict.message() : pdfVerdict.isPassed() ? imageVerdict.message()
                    : imageVerdict.message() + "; " + pdfVerdict.message();
            fail(res, "preview documents", m);
        }
    }

    static boolean degraded(JsonNode body) {
        return body != null && "degraded".equals(body.path("integration").path("status").asText(null));
    }

    /** Why the preview answer itself does not pass, or null when it does. */
    static String refusal(SampleResult res, JsonNode body, PreviewedVoucher voucher) {
        int code = code(res);
        JsonNode integration = body == null ? null : body.get("integration");
        String status = integration == null ? null : integration.path("status").asText(null);
        if ("degraded".equals(status)) {
            String m = integration.path("message").asText("");
            return "preview of " + voucher + " answered " + res.getResponseCode() + " with integration degraded"
                    + (m.isEmpty() ? "" : ": " + m);
        }
        if (code != 200 && code != 202) {
            String err = body == null ? "" : body.path("error").asText("");
            String m = body == null ? "" : body.path("message").asText("");
            return "preview of " + voucher + " answered " + res.getResponseCode() + (err.isEmpty() ? "" : " " + err)
                    + (m.isEmpty() ? "" : ": " + m);
        }
        if (body == null || !body.isObject()) {
            return "preview of " + voucher + " answered " + code + " without a JSON object";
        }
        if (status == null) {
            return "preview of " + voucher + " answered " + code + " without integration.status";
        }
        for (String field : new String[] { "imageUrl", "pdfUrl" }) {
            String u = body.path(field).asText("");
            if (u.isBlank()) {
                return "preview of " + voucher + " answered " + code + " without " + field;
            }
            try {
                URI.create(u);
            } catch (IllegalArgumentException e) {
                return "preview of " + voucher + " answered " + code + " with a malformed " + field + ": " + u;
            }
        }
        return null;
    }

    /** A failed fetch as a verdict, or null when the document arrived with the expected type. */
    private static DocumentVerdict fetchProblem(HTTPSampleResult doc, String type, DocumentCheck check,
            PreviewedVoucher voucher) {
        int code = code(doc);
        if (code != 200) {
            return DocumentVerdict.failed(check, voucher, "GET " + doc.getUrlAsString() + " answered "
                    + doc.getResponseCode() + " " + doc.getResponseMessage());
        }
        String ct = doc.getContentType() == null ? "" : doc.getContentType().toLowerCase(Locale.ROOT);
        if (!ct.startsWith(type)) {
            return DocumentVerdict.failed(check, voucher,
                    "GET " + doc.getUrlAsString() + " answered Content-Type '" + ct + "', expected " + type);
        }
        return null;
    }

    private static void document(PreviewRun run, HTTPSampleResult doc, DocumentVerdict v) {
        if (v.isPassed()) {
            run.documentsValidated.increment();
            doc.setSuccessful(true);
        } else {
            run.invalid(v.failedCheck());
            fail(doc, v.failedCheck().id(), v.message());
        }
    }

    private static void fail(SampleResult res, String assertion, String message) {
        res.setSuccessful(false);
        res.setResponseMessage(message);
        AssertionResult a = new AssertionResult(assertion);
        a.setFailure(true);
        a.setFailureMessage(message);
        res.addAssertionResult(a);
    }

    private static long cpuNanos() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    private static int code(SampleResult res) {
        try {
            return Integer.parseInt(res.getResponseCode());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static JsonNode json(SampleResult res) {
        byte[] b = res.getResponseData();
        if (b == null || b.length == 0 || b[0] != '{') {
            return null;
        }
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            return null;
        }
    }
}

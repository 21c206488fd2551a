package africa.easymo.perf.journeys.preview;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.VoucherPreviewPayload;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.journeys.JourneySampler;
import africa.easymo.perf.run.RunOutcome;
import africa.easymo.perf.http.HttpRequestSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voucher Preview: each arrival previews one voucher of the seed summary ({@code POST PERF_VOUCHER_PREVIEW_URL} with
 * the payload, {@code x-idempotency-key: [prefix-]<code>-<thread>-<iteration>} and {@code x-bridge-secret}), then
 * fetches the image and the PDF it points at and checks that they are real documents of that voucher.
 *
 * <p>
 * The preview's own sample times only the POST: the document fetches are sub-samples with their own labels (and their
 * own times), and the checks run after every clock has stopped, so neither adds to the preview's latency. A preview
 * passes on 200/202 with an integration status that is not {@code degraded} and two valid documents; a document
 * sub-sample passes when its checks do. Failures carry the message of the first check that failed, naming the voucher,
 * as the response message and as an assertion failure (the JTL's {@code failureMessage}).
 */
public class VoucherPreviewSampler extends JourneySampler {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(VoucherPreviewSampler.class);

    public VoucherPreviewSampler() {
        super("Voucher Preview sampler");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final String RANDOM = "random";
    static final String ROUND_ROBIN = "round-robin";

    private String selection = RANDOM;
    private String imageLabel = "preview image";
    private String pdfLabel = "preview pdf";
    private String expectedImageWidth = "800";
    private String expectedImageHeight = "400";

    private transient PreviewDocumentValidator validator;
    private transient String validatorFrom;

    @Override
    protected void prepare(EasymoRun ctx, String who, SeedSummary summary) {
        EasymoTarget target = ctx.requireTarget(who);
        List<VoucherPreviewPayload> payloads = summary.voucherPreviewPayloads();
        if (payloads == null || payloads.isEmpty()) {
            throw EasymoRun.join().outcome().refuseStart(summaryFileName(ctx) + ": voucherPreviewPayloads: empty, but "
                    + who + " needs vouchers to preview (reseed with `seed-tool seed`)");
        }
        selectionMode(who);
        validator(who);
        URI url = ctx.requireEndpoint(Setting.PERF_VOUCHER_PREVIEW_URL, who);
        Secret secret = target.requireSecret(Setting.BRIDGE_SHARED_SECRET, who, ctx.outcome());
        PreviewRun run = ctx.journey(PreviewRun.class, e -> new PreviewRun(ctx, payloads, url, secret));
        ctx.onTestEnd(PreviewRun.EVIDENCE, () -> run.reconcile(ctx));
        PreviewDocumentValidator.warmUp();
        log.info("easymo-perf: {} ready: {} vouchers, {} selection, documents checked at {}x{}", who, run.size(),
                selection, expectedImageWidth, expectedImageHeight);
    }

    @Override
    public SampleResult sample(Entry e) {
        EasymoRun ctx = EasymoRun.current();
        PreviewRun run = ctx.journey(PreviewRun.class).orElse(null);
        if (run == null) {
            return notStarted();
        }
        int i = run.next(ROUND_ROBIN.equals(selectionMode(null)));
        VoucherPreviewPayload payload = run.payload(i);
        PreviewedVoucher voucher = new PreviewedVoucher(payload.voucherId(), payload.code());

        HTTPSampleResult res = ctx.http().execute(HttpRequestSpec.post(run.url)
                .withHeader("x-idempotency-key", ctx.target().idempotencyKey(payload.code() + "-" + threadKey(run)))
                .withHeader("x-bridge-secret", run.bridgeSecret.reveal()).withJsonBody(run.body(i)));
        res.setSampleLabel(getName());
        run.sent.increment();

        JsonNode body = json(res);
        if (degraded(body)) {
            run.degraded.increment();
        }
        String refusal = refusal(res, body, voucher);
        if (refusal != null) {
            run.failed.increment();
            fail(res, "preview", refusal);
            return res;
        }

        URI imageUrl = run.url.resolve(body.path("imageUrl").asText());
        URI pdfUrl = run.url.resolve(body.path("pdfUrl").asText());
        PreviewDocumentValidator v = validator(null);
        HTTPSampleResult image = ctx.http().execute(HttpRequestSpec.get(imageUrl));
        HTTPSampleResult pdf = ctx.http().execute(HttpRequestSpec.get(pdfUrl));
        image.setSampleLabel(imageLabel);
        pdf.setSampleLabel(pdfLabel);

        // Every clock has stopped: the checks cost the load generator CPU, never a sample's time. They are CPU-bound
        // and a decoded card takes ~2 MB, so only as many run at once as there are cores: 500 threads returning
        // together must not hold 500 decoded images.
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

        verdict(run, image, imageVerdict);
        verdict(run, pdf, pdfVerdict);
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
        return res;
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

    private static void verdict(PreviewRun run, HTTPSampleResult doc, DocumentVerdict v) {
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

    /** {@code <thread>-<iteration>} of this arrival (thread numbers as {@code __threadNum}, from 1). */
    private static String threadKey(PreviewRun run) {
        JMeterContext jc = JMeterContextService.getContext();
        int thread = jc.getThreadNum() + 1;
        int iteration = jc.getVariables() == null ? 0 : jc.getVariables().getIteration();
        return run.threadPrefix + thread + "-" + iteration;
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

    private String selectionMode(String who) {
        String s = selection == null ? "" : selection.trim().toLowerCase(Locale.ROOT);
        if (s.equals(RANDOM) || s.equals(ROUND_ROBIN)) {
            return s;
        }
        if (who != null) {
            throw EasymoRun.join().outcome()
                    .refuseStart(who + ": voucher selection must be random or round-robin, not '" + selection + "'");
        }
        return RANDOM;
    }

    private PreviewDocumentValidator validator(String who) {
        String from = expectedImageWidth + "x" + expectedImageHeight;
        if (validator == null || !from.equals(validatorFrom)) {
            int w = dimension(expectedImageWidth, "expected image width", who);
            int h = dimension(expectedImageHeight, "expected image height", who);
            validator = new PreviewDocumentValidator(w, h);
            validatorFrom = from;
        }
        return validator;
    }

    private static int dimension(String value, String what, String who) {
        try {
            int v = Integer.parseInt(value == null ? "" : value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (who != null) {
            throw EasymoRun.join().outcome().refuseStart(
                    who + ": " + what + " must be a whole number of pixels (0 = any), not '" + value + "'");
        }
        return 0;
    }

    public String getSelection() {
        return selection;
    }

    public void setSelection(String selection) {
        this.selection = selection;
    }

    public String getImageLabel() {
        return imageLabel;
    }

    public void setImageLabel(String imageLabel) {
        this.imageLabel = imageLabel;
    }

    public String getPdfLabel() {
        return pdfLabel;
    }

    public void setPdfLabel(String pdfLabel) {
        this.pdfLabel = pdfLabel;
    }

    public String getExpectedImageWidth() {
        return expectedImageWidth;
    }

    public void setExpectedImageWidth(String expectedImageWidth) {
        this.expectedImageWidth = expectedImageWidth;
    }

    public String getExpectedImageHeight() {
        return expectedImageHeight;
    }

    public void setExpectedImageHeight(String expectedImageHeight) {
        this.expectedImageHeight = expectedImageHeight;
    }
}

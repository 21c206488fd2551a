package africa.easymo.perf.journeys.preview;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.VoucherPreviewPayload;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.journeys.JourneySampler;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
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
public class VoucherPreviewSampler extends JourneySampler<PreviewRun> {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(VoucherPreviewSampler.class);

    public VoucherPreviewSampler() {
        super("Voucher Preview sampler");
    }

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
        ctx.onTestEnd(PreviewRun.EVIDENCE, () -> PreviewReconciliation.reconcile(run, ctx));
        PreviewDocumentValidator.warmUp();
        log.info("easymo-perf: {} ready: {} vouchers, {} selection, documents checked at {}x{}", who, run.size(),
                selection, expectedImageWidth, expectedImageHeight);
    }

    @Override
    protected PreviewRun run(EasymoRun ctx) {
        return ctx.journey(PreviewRun.class).orElse(null);
    }

    @Override
    protected SampleResult sample(EasymoRun ctx, PreviewRun run) {
        int i = run.next(ROUND_ROBIN.equals(selectionMode(null)));
        VoucherPreviewPayload payload = run.payload(i);
        PreviewedVoucher voucher = new PreviewedVoucher(payload.voucherId(), payload.code());

        HTTPSampleResult res = ctx.http().execute(
                PreviewRequests.preview(run, i, ctx.target().idempotencyKey(payload.code() + "-" + threadKey(run))));
        res.setSampleLabel(getName());
        JsonNode body = PreviewVerdicts.json(res);
        if (!PreviewVerdicts.previewAnswered(run, res, body, voucher)) {
            return res;
        }
        PreviewDocumentValidator v = validator(null);
        HTTPSampleResult image = ctx.http().execute(PreviewRequests.document(run, body, "imageUrl"));
        HTTPSampleResult pdf = ctx.http().execute(PreviewRequests.document(run, body, "pdfUrl"));
        image.setSampleLabel(imageLabel);
        pdf.setSampleLabel(pdfLabel);
        PreviewVerdicts.documentsFetched(run, v, res, image, pdf, voucher);
        return res;
    }

    /** {@code <thread>-<iteration>} of this arrival (thread numbers as {@code __threadNum}, from 1). */
    private static String threadKey(PreviewRun run) {
        JMeterContext jc = JMeterContextService.getContext();
        int thread = jc.getThreadNum() + 1;
        int iteration = jc.getVariables() == null ? 0 : jc.getVariables().getIteration();
        return run.threadPrefix + thread + "-" + iteration;
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

package africa.easymo.perf.sandbox.preview;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the preview endpoint did, for tests that reconcile a run against the server's view. */
public final class PreviewStats {
    private final LongAdder previews = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder invalidPayloads = new LongAdder();
    private final LongAdder unknownVouchers = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder renders = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder imagesServed = new LongAdder();
    private final LongAdder pdfsServed = new LongAdder();
    private final LongAdder corruptPng = new LongAdder();
    private final LongAdder foreignQr = new LongAdder();
    private final LongAdder truncatedPdf = new LongAdder();
    private final LongAdder damagedPreviews = new LongAdder();
    private final LongAdder repeatedIdempotencyKeys = new LongAdder();

    /** Previews answered 200 with documents. */
    public long previews() {
        return previews.sum();
    }

    /** Previews answered 503 degraded. */
    public long degraded() {
        return degraded.sum();
    }

    public long invalidPayloads() {
        return invalidPayloads.sum();
    }

    public long unknownVouchers() {
        return unknownVouchers.sum();
    }

    public long unauthorized() {
        return unauthorized.sum();
    }

    /** Documents drawn (PNG and PDF each count); the rest came from the cache. */
    public long renders() {
        return renders.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long imagesServed() {
        return imagesServed.sum();
    }

    public long pdfsServed() {
        return pdfsServed.sum();
    }

    /** Previews whose answer pointed at a corrupt PNG. */
    public long corruptPng() {
        return corruptPng.sum();
    }

    /** Previews whose answer pointed at a card with another voucher's QR code. */
    public long foreignQr() {
        return foreignQr.sum();
    }

    /** Previews whose answer pointed at a truncated PDF. */
    public long truncatedPdf() {
        return truncatedPdf.sum();
    }

    /** Previews with at least one damaged document (any of the three document faults). */
    public long damagedPreviews() {
        return damagedPreviews.sum();
    }

    /** Previews whose {@code x-idempotency-key} had been seen before (within the remembered window). */
    public long repeatedIdempotencyKeys() {
        return repeatedIdempotencyKeys.sum();
    }

    public void reset() {
        for (LongAdder a : new LongAdder[] { previews, degraded, invalidPayloads, unknownVouchers, unauthorized,
                renders, cacheHits, imagesServed, pdfsServed, corruptPng, foreignQr, truncatedPdf, damagedPreviews,
                repeatedIdempotencyKeys }) {
            a.reset();
        }
    }

    void countPreview(PreviewVariant v) {
        previews.increment();
        if (v.corruptPng()) {
            corruptPng.increment();
        }
        if (v.foreignQr()) {
            foreignQr.increment();
        }
        if (v.truncatedPdf()) {
            truncatedPdf.increment();
        }
        if (v.corruptPng() || v.foreignQr() || v.truncatedPdf()) {
            damagedPreviews.increment();
        }
    }

    void countDegraded() {
        degraded.increment();
    }

    void countInvalidPayload() {
        invalidPayloads.increment();
    }

    void countUnknownVoucher() {
        unknownVouchers.increment();
    }

    void countUnauthorized() {
        unauthorized.increment();
    }

    void countRender() {
        renders.increment();
    }

    void countCacheHit() {
        cacheHits.increment();
    }

    void countImageServed() {
        imagesServed.increment();
    }

    void countPdfServed() {
        pdfsServed.increment();
    }

    void countRepeatedIdempotencyKey() {
        repeatedIdempotencyKeys.increment();
    }

    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("previews", previews());
        m.put("degraded", degraded());
        m.put("invalidPayloads", invalidPayloads());
        m.put("unknownVouchers", unknownVouchers());
        m.put("unauthorized", unauthorized());
        m.put("renders", renders());
        m.put("cacheHits", cacheHits());
        m.put("imagesServed", imagesServed());
        m.put("pdfsServed", pdfsServed());
        m.put("corruptPng", corruptPng());
        m.put("foreignQr", foreignQr());
        m.put("truncatedPdf", truncatedPdf());
        m.put("damagedPreviews", damagedPreviews());
        m.put("repeatedIdempotencyKeys", repeatedIdempotencyKeys());
        return m;
    }

    @Override
    public String toString() {
        return "PreviewStats" + asMap();
    }
}

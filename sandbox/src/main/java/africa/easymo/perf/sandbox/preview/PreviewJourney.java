package africa.easymo.perf.sandbox.preview;

import africa.easymo.perf.sandbox.SandboxContext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The voucher preview's state in one sandbox: its fault switches, its counters, the rendered-document cache and the
 * renderers. One per {@link SandboxContext}; tests reach it with {@code PreviewJourney.of(sandbox.context())}, HTTP
 * clients with {@code /__sandbox/preview/faults} and {@code /__sandbox/preview/stats}.
 */
public final class PreviewJourney {
    private static final Map<SandboxContext, PreviewJourney> BY_CONTEXT = Collections
            .synchronizedMap(new WeakHashMap<>());
    /** How many idempotency keys are remembered to count repeats (a full-scale run sends about 2,000). */
    private static final int REMEMBERED_KEYS = 100_000;

    private final PreviewFaults faults = new PreviewFaults();
    private final PreviewStats stats = new PreviewStats();
    private final PreviewDocumentCache cache = new PreviewDocumentCache(PreviewDocumentCache.DEFAULT_MAX_ENTRIES,
            stats);
    private final VoucherCardRenderer cardRenderer = new VoucherCardRenderer();
    private final VoucherPdfRenderer pdfRenderer = new VoucherPdfRenderer();
    private final Map<String, Boolean> seenKeys = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    private PreviewJourney() {
    }

    /** The preview state of the sandbox that owns this context (created on first use). */
    public static PreviewJourney of(SandboxContext context) {
        return BY_CONTEXT.computeIfAbsent(context, c -> new PreviewJourney());
    }

    public PreviewFaults faults() {
        return faults;
    }

    public PreviewStats stats() {
        return stats;
    }

    /** Documents currently cached. */
    public int cachedDocuments() {
        return cache.size();
    }

    /** Forgets every rendered document (the next preview of each voucher draws it again). */
    public void clearCache() {
        cache.clear();
    }

    PreviewDocumentCache cache() {
        return cache;
    }

    byte[] card(VoucherFacts v, boolean foreignQr) {
        if (foreignQr) {
            return cache.get(v, PreviewDocumentCache.Kind.CARD_PNG_FOREIGN_QR,
                    () -> cardRenderer.render(v, VoucherQr.foreignCode(v.code())));
        }
        return cache.get(v, PreviewDocumentCache.Kind.CARD_PNG, () -> cardRenderer.render(v, v.code()));
    }

    byte[] pdf(VoucherFacts v) {
        return cache.get(v, PreviewDocumentCache.Kind.CARD_PDF, () -> pdfRenderer.render(v, v.code()));
    }

    /** Remembers an idempotency key; true when it was seen before. */
    boolean repeatedKey(String key) {
        synchronized (seenKeys) {
            return seenKeys.put(key, Boolean.TRUE) != null;
        }
    }
}

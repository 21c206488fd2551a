package africa.easymo.perf.sandbox.preview;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Rendered documents, least recently used first out, bounded in entries. A document is drawn once per voucher (and once
 * again only when the voucher's printed facts change); concurrent first requests for it wait for the one rendering
 * instead of drawing it twice. So a load test measures the preview endpoint, not the sandbox's renderer.
 */
final class PreviewDocumentCache {
    /** Default bound: a PNG card is ~20 KB and a PDF ~5 KB, so this stays well under 100 MB. */
    static final int DEFAULT_MAX_ENTRIES = 3_000;

    enum Kind {
        CARD_PNG, CARD_PNG_FOREIGN_QR, CARD_PDF
    }

    private record Key(UUID voucherId, Kind kind) {
    }

    private record Entry(String fingerprint, CompletableFuture<byte[]> document) {
    }

    private final Map<Key, Entry> entries;
    private final PreviewStats stats;

    PreviewDocumentCache(int maxEntries, PreviewStats stats) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        this.stats = stats;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The document for these facts, drawn by {@code render} unless an up-to-date one is cached. */
    byte[] get(VoucherFacts facts, Kind kind, Supplier<byte[]> render) {
        Key key = new Key(facts.id(), kind);
        String fingerprint = facts.fingerprint();
        Entry entry;
        boolean mine = false;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry == null || !entry.fingerprint().equals(fingerprint)) {
                entry = new Entry(fingerprint, new CompletableFuture<>());
                entries.put(key, entry);
                mine = true;
            }
        }
        if (mine) {
            try {
                entry.document().complete(render.get());
                stats.countRender();
            } catch (RuntimeException e) {
                synchronized (entries) {
                    entries.remove(key, entry);
                }
                entry.document().completeExceptionally(e);
                throw e;
            }
        } else {
            stats.countCacheHit();
        }
        try {
            return entry.document().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** A finished cached document of this voucher, whatever facts it was drawn from. */
    Optional<byte[]> peek(UUID voucherId, Kind kind) {
        Entry entry;
        synchronized (entries) {
            entry = entries.get(new Key(voucherId, kind));
        }
        if (entry == null || !entry.document().isDone() || entry.document().isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(entry.document().join());
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}

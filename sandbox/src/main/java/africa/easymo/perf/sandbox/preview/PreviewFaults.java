package africa.easymo.perf.sandbox.preview;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The voucher preview's own fault switches, for tests that must prove the plugin catches a broken renderer. Each
 * document fault applies to a share (0..1) of previews, decided when the preview is answered, so the documents a client
 * fetches always match the answer it got, even if a switch changes in between. Thread-safe; lock-free reads.
 *
 * <ul>
 * <li>{@code corruptPng}: the card's PNG has damaged image data (a chunk CRC no longer matches).</li>
 * <li>{@code foreignQr}: the card shows the right code but its QR code carries another voucher's code.</li>
 * <li>{@code truncatedPdf}: the PDF is cut off half-way.</li>
 * <li>{@code degraded}: the rendering bridge is down: 503 with {@code integration.status = "degraded"}.</li>
 * <li>{@code slowRenderMillis}: every preview takes this much longer, as if the renderer were slow.</li>
 * </ul>
 */
public final class PreviewFaults {
    private volatile double corruptPng;
    private volatile double foreignQr;
    private volatile double truncatedPdf;
    private volatile double degraded;
    private volatile long slowRenderMillis;

    public PreviewFaults corruptPng(double share) {
        this.corruptPng = share("corruptPng", share);
        return this;
    }

    public PreviewFaults foreignQr(double share) {
        this.foreignQr = share("foreignQr", share);
        return this;
    }

    public PreviewFaults truncatedPdf(double share) {
        this.truncatedPdf = share("truncatedPdf", share);
        return this;
    }

    public PreviewFaults degraded(double share) {
        this.degraded = share("degraded", share);
        return this;
    }

    public PreviewFaults slowRenderMillis(long millis) {
        if (millis < 0 || millis > 60_000) {
            throw new IllegalArgumentException("slowRenderMillis must be 0..60000, was " + millis);
        }
        this.slowRenderMillis = millis;
        return this;
    }

    /** Switches every fault off. */
    public PreviewFaults clear() {
        corruptPng = 0;
        foreignQr = 0;
        truncatedPdf = 0;
        degraded = 0;
        slowRenderMillis = 0;
        return this;
    }

    public double corruptPng() {
        return corruptPng;
    }

    public double foreignQr() {
        return foreignQr;
    }

    public double truncatedPdf() {
        return truncatedPdf;
    }

    public double degraded() {
        return degraded;
    }

    public long slowRenderMillis() {
        return slowRenderMillis;
    }

    /** Draws, for one preview, which faults hit it. */
    PreviewVariant draw() {
        boolean down = hit(degraded);
        if (down) {
            return PreviewVariant.DEGRADED;
        }
        return new PreviewVariant(false, hit(corruptPng), hit(foreignQr), hit(truncatedPdf));
    }

    /** Current switches by their admin-endpoint names. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corruptPng", corruptPng);
        m.put("foreignQr", foreignQr);
        m.put("truncatedPdf", truncatedPdf);
        m.put("degraded", degraded);
        m.put("slowRenderMillis", slowRenderMillis);
        return m;
    }

    /**
     * Sets the switches named in the map (admin-endpoint names; {@code true}/{@code false} mean share 1/0); the others
     * keep their value. All names and values are checked before anything changes.
     *
     * @throws IllegalArgumentException
     *             naming the first unknown switch or bad value
     */
    public void apply(Map<String, Object> settings) {
        Map<String, Double> shares = new LinkedHashMap<>();
        Long slow = null;
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String name = e.getKey();
            Object v = e.getValue();
            switch (name) {
            case "corruptPng", "foreignQr", "truncatedPdf", "degraded" -> shares.put(name,
                    share(name, toShare(name, v)));
            case "slowRenderMillis" -> {
                if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new IllegalArgumentException("slowRenderMillis: must be a whole number of milliseconds");
                }
                slow = n.longValue();
                if (slow < 0 || slow > 60_000) {
                    throw new IllegalArgumentException("slowRenderMillis: must be 0..60000, was " + slow);
                }
            }
            default -> throw new IllegalArgumentException(name + ": unknown preview fault (known: corruptPng, "
                    + "foreignQr, truncatedPdf, degraded, slowRenderMillis)");
            }
        }
        shares.forEach((name, share) -> {
            switch (name) {
            case "corruptPng" -> corruptPng = share;
            case "foreignQr" -> foreignQr = share;
            case "truncatedPdf" -> truncatedPdf = share;
            default -> degraded = share;
            }
        });
        if (slow != null) {
            slowRenderMillis = slow;
        }
    }

    private static double toShare(String name, Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(name + ": must be a share 0..1 or true/false");
    }

    private static double share(String name, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(name + ": share must be 0..1, was " + share);
        }
        return share;
    }

    private static boolean hit(double share) {
        return share >= 1.0 || (share > 0 && ThreadLocalRandom.current().nextDouble() < share);
    }

    @Override
    public String toString() {
        return "PreviewFaults" + asMap();
    }
}

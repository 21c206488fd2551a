package africa.easymo.perf.journeys.redeem;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The vouchers this run redeemed, append-only and lock-free, for double-redeem probes to pick from. Capacity is the
 * pool size: a voucher is redeemed at most once.
 */
final class RedeemedVouchers {
    private final AtomicReferenceArray<RedeemClaim> claims;
    private final AtomicInteger count = new AtomicInteger();

    RedeemedVouchers(int capacity) {
        this.claims = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    void add(RedeemClaim claim) {
        int i = count.getAndIncrement();
        if (i < claims.length()) {
            claims.set(i, claim);
        }
    }

    /** A random redeemed voucher, or null if none yet. */
    RedeemClaim pickRandom() {
        int n = Math.min(count.get(), claims.length());
        if (n == 0) {
            return null;
        }
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int k = 0; k < n; k++) {
            // A slot counted but not yet written belongs to a concurrent add: look at the neighbours.
            RedeemClaim c = claims.get((start + k) % n);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    int size() {
        return Math.min(count.get(), claims.length());
    }
}

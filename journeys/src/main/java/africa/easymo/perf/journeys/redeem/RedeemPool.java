package africa.easymo.perf.journeys.redeem;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock-free shared cursor over the redeem pool. Arrivals go to the stations in turn (one shared counter), and each
 * station hands out its own vouchers in order (one counter per station), so every station redeems at its own rate and
 * no voucher is ever handed out twice, whatever the number of threads. {@link #next()} returns null only when every
 * station is exhausted.
 */
final class RedeemPool {
    private final RedeemStation[] stations;
    private final AtomicInteger[] cursors;
    private final AtomicLong turn = new AtomicLong();
    private final int size;

    RedeemPool(List<RedeemStation> stations) {
        this.stations = stations.stream().filter(s -> s.voucherIds.length > 0).toArray(RedeemStation[]::new);
        this.cursors = new AtomicInteger[this.stations.length];
        int n = 0;
        for (int i = 0; i < this.stations.length; i++) {
            cursors[i] = new AtomicInteger();
            n += this.stations[i].voucherIds.length;
        }
        this.size = n;
    }

    /** The next unredeemed voucher, or null when the pool is exhausted. */
    RedeemClaim next() {
        int n = stations.length;
        if (n == 0) {
            return null;
        }
        for (int tries = 0; tries < n; tries++) {
            int s = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
            RedeemClaim c = take(s);
            if (c != null) {
                return c;
            }
        }
        // Concurrent arrivals may have steered this one only to empty stations: sweep them all before giving up.
        for (int s = 0; s < n; s++) {
            RedeemClaim c = take(s);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private RedeemClaim take(int s) {
        RedeemStation st = stations[s];
        AtomicInteger cursor = cursors[s];
        if (cursor.get() >= st.voucherIds.length) {
            return null; // read first so an exhausted station's counter stops growing
        }
        int i = cursor.getAndIncrement();
        if (i >= st.voucherIds.length) {
            return null;
        }
        return new RedeemClaim(st, st.voucherIds[i], st.voucherCodes == null ? null : st.voucherCodes[i]);
    }

    /** Vouchers in this engine's pool. */
    int size() {
        return size;
    }

    int stationCount() {
        return stations.length;
    }

    /** Vouchers handed out so far. */
    int handedOut() {
        int n = 0;
        for (int i = 0; i < stations.length; i++) {
            n += Math.min(cursors[i].get(), stations[i].voucherIds.length);
        }
        return n;
    }
}

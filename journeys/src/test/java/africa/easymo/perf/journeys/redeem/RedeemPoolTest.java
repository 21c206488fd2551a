package africa.easymo.perf.journeys.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RedeemPoolTest {
    static List<RedeemStation> stations(int count, int perStation) {
        List<RedeemStation> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String[] ids = new String[perStation];
            String[] codes = new String[perStation];
            for (int v = 0; v < perStation; v++) {
                ids[v] = "s" + s + "-v" + v;
                codes[v] = "C" + s + v;
            }
            out.add(new RedeemStation(s, "station-" + s, "ST" + s, "tok" + s, "{}", ids, codes));
        }
        return out;
    }

    @Test
    void everyVoucherIsHandedOutExactlyOnceAcrossManyThreads() throws Exception {
        RedeemPool pool = new RedeemPool(stations(50, 30));
        int threads = 16;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(ex.submit(() -> {
                    start.await();
                    int n = 0;
                    for (RedeemClaim c; (c = pool.next()) != null;) {
                        if (!seen.add(c.voucherId())) {
                            synchronized (duplicates) {
                                duplicates.add(c.voucherId());
                            }
                        }
                        n++;
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : fs) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(duplicates).isEmpty();
            assertThat(total).isEqualTo(1500);
            assertThat(seen).hasSize(1500);
            assertThat(pool.next()).isNull();
            assertThat(pool.handedOut()).isEqualTo(1500);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void arrivalsVisitStationsInTurnSoEachRedeemsAtItsOwnRate() {
        RedeemPool pool = new RedeemPool(stations(5, 4));
        Map<String, Integer> perStation = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            perStation.merge(pool.next().station().stationId, 1, Integer::sum);
        }
        assertThat(perStation).hasSize(5).allSatisfy((k, v) -> assertThat(v).isEqualTo(2));
    }

    @Test
    void anUnevenPoolIsDrainedCompletelyOnceSmallStationsRunOut() {
        List<RedeemStation> st = new ArrayList<>(stations(3, 1));
        st.addAll(stations(1, 5).stream()
                .map(s -> new RedeemStation(9, "big", "BIG", "t", "{}", s.voucherIds, s.voucherCodes)).toList());
        RedeemPool pool = new RedeemPool(st);
        int n = 0;
        while (pool.next() != null) {
            n++;
        }
        assertThat(n).isEqualTo(8);
    }

    @Test
    void anEmptyPoolHandsOutNothing() {
        RedeemPool pool = new RedeemPool(stations(3, 0));
        assertThat(pool.size()).isZero();
        assertThat(pool.next()).isNull();
    }

    @Test
    void probesOnlyPickVouchersThatWereRedeemed() {
        RedeemedVouchers r = new RedeemedVouchers(10);
        assertThat(r.pickRandom()).isNull();
        RedeemPool pool = new RedeemPool(stations(2, 5));
        RedeemClaim a = pool.next();
        RedeemClaim b = pool.next();
        r.add(a);
        r.add(b);
        for (int i = 0; i < 50; i++) {
            assertThat(r.pickRandom()).isIn(a, b);
        }
    }
}

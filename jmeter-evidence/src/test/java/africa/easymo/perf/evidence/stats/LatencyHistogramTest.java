package africa.easymo.perf.evidence.stats;

import africa.easymo.perf.testkit.NearestRank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesEqualNearestRankOfTheRawSamplesAcrossSegmentsAndOverflow() {
        Random random = new Random(42);
        LatencyHistogram h = new LatencyHistogram();
        long[] raw = new long[30_001];
        for (int i = 0; i < raw.length; i++) {
            long v = switch (i % 10) {
            case 0 -> 4000 + random.nextInt(20_000); // spans segments
            case 1 -> LatencyHistogram.DIRECT_LIMIT_MS + random.nextInt(5); // overflow
            default -> random.nextInt(900);
            };
            raw[i] = v;
            h.record(v);
        }
        Arrays.sort(raw);
        LatencyDistribution d = h.snapshot();
        assertThat(d.count()).isEqualTo(raw.length);
        for (double q : new double[] { 0.1, 1, 25, 50, 80, 90, 95, 99, 99.9, 100 }) {
            assertThat(d.percentile(q)).as("p(%s)", q).isEqualTo(NearestRank.of(raw, q));
        }
        assertThat(d.min()).isEqualTo(raw[0]);
        assertThat(d.max()).isEqualTo(raw[raw.length - 1]);
        assertThat(d.median()).isEqualTo(NearestRank.of(raw, 50));
        assertThat(d.mean()).isCloseTo(Arrays.stream(raw).average().orElseThrow(),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void exactRanksAtIntegerBoundaries() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 20; v++) {
            h.record(v);
        }
        LatencyDistribution d = h.snapshot();
        // 95 % of 20 is exactly rank 19, not 20.
        assertThat(d.percentile(95)).isEqualTo(19);
        assertThat(d.percentile(50)).isEqualTo(10);
        assertThat(d.percentile(90)).isEqualTo(18);
        assertThat(d.percentile(100)).isEqualTo(20);
        assertThat(d.percentile(0.01)).isEqualTo(1);
    }

    @Test
    void negativeElapsedCountsAsZeroAndEmptyHasNoFigures() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.snapshot().isEmpty()).isTrue();
        assertThat(h.snapshot().mean()).isNaN();
        assertThatThrownBy(() -> h.snapshot().percentile(95)).isInstanceOf(IllegalStateException.class);
        h.record(-3);
        assertThat(h.snapshot().max()).isZero();
        assertThatThrownBy(() -> h.snapshot().percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        h.record((i * 7L + offset) % 9000);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(h.snapshot().count()).isEqualTo(200_000);
    }
}

package africa.easymo.perf.evidence.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyDistributionMinusTest {

    @Test
    void theDifferenceOfTwoSnapshotsIsExactlyTheSamplesRecordedBetween() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v : new long[] { 5, 5, 7, 900 }) {
            h.record(v);
        }
        LatencyDistribution before = h.snapshot();
        for (long v : new long[] { 5, 8, 8, 8, 700_000 }) {
            h.record(v);
        }
        LatencyDistribution window = h.snapshot().minus(before);
        assertThat(window.count()).isEqualTo(5);
        assertThat(window.min()).isEqualTo(5);
        assertThat(window.median()).isEqualTo(8);
        assertThat(window.max()).isEqualTo(700_000);
        assertThat(h.snapshot().minus(h.snapshot()).isEmpty()).isTrue();
        assertThat(before.minus(null).count()).isEqualTo(4);
    }
}

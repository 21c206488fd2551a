package africa.easymo.perf.arrivals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ArrivalTimelineTest {

    private static List<Long> arrivals(String schedule, long seed) {
        ArrivalTimeline t = new ArrivalTimeline(ArrivalSchedule.parse(schedule), new Random(seed));
        List<Long> out = new ArrayList<>();
        long at;
        while ((at = t.nextNanos()) >= 0) {
            out.add(at);
        }
        return out;
    }

    private static long[] perSecond(List<Long> arrivals, int seconds) {
        long[] counts = new long[seconds];
        for (long at : arrivals) {
            counts[(int) (at / 1_000_000_000L)]++;
        }
        return counts;
    }

    @Test
    void constantEvenRateIsExactAndEvenlySpaced() {
        List<Long> a = arrivals("rate(500/s) even_arrivals(20 s)", 1);

        assertThat(a).hasSize(10_000);
        assertThat(a.get(0)).isZero();
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i) - a.get(i - 1)).isEqualTo(2_000_000L);
        }
        assertThat(perSecond(a, 20)).containsOnly(500L);
    }

    @Test
    void rampIsLinearAndStagesJoinWithoutGapOrDoubleArrival() {
        // 0 → 100/s over 10 s, then 100/s for 5 s: 500 + 500 arrivals
        List<Long> a = arrivals("rate(0/s) even_arrivals(10 s) rate(100/s) even_arrivals(5 s)", 1);

        assertThat(a).hasSize(1000).isSorted();
        long[] counts = perSecond(a, 15);
        for (int k = 0; k < 10; k++) {
            // the integral of the ramp over second k is 10k + 5
            assertThat(counts[k]).isBetween(10L * k + 4, 10L * k + 6);
        }
        for (int k = 10; k < 15; k++) {
            assertThat(counts[k]).isBetween(99L, 101L);
        }
    }

    @Test
    void previewSpikeShapeHasTheArrivalsItsStagesPromise() {
        ArrivalSchedule s = ArrivalSchedule.parse("rate(50/min) even_arrivals(1 min) rate(150/min) "
                + "even_arrivals(2 min) rate(400/min) even_arrivals(2 min) rate(500/min) even_arrivals(1 min) rate(0/min)");
        // (50+150)/2 + (150+400)/2*2 + (400+500)/2*2 + (500+0)/2 = 100 + 550 + 900 + 250
        assertThat(s.expectedArrivals()).isCloseTo(1800, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.totalNanos()).isEqualTo(6 * 60 * 1_000_000_000L);

        List<Long> a = arrivals(s.toString(), 1);
        assertThat(a).hasSize(1800).isSorted();
        assertThat(a.get(a.size() - 1)).isLessThan(s.totalNanos());
    }

    @Test
    void poissonArrivalsFollowTheRateAndRepeatWithTheSeed() {
        List<Long> a = arrivals("rate(500/s) random_arrivals(20 s)", 42);
        List<Long> again = arrivals("rate(500/s) random_arrivals(20 s)", 42);

        assertThat(a).isSorted().isEqualTo(again);
        // Poisson count: mean 10,000, sd 100 — 5 sd either side
        assertThat(a.size()).isBetween(9_500, 10_500);
        assertThat(a.get(a.size() - 1)).isLessThan(20_000_000_000L);
    }

    @Test
    void pauseHasNoArrivalsButCountsTowardsTheLength() {
        ArrivalSchedule s = ArrivalSchedule.parse("rate(10/s) even_arrivals(2 s) pause(3 s) even_arrivals(1 s)");
        List<Long> a = arrivals(s.toString(), 1);

        assertThat(s.totalNanos()).isEqualTo(6_000_000_000L);
        assertThat(a).hasSize(30);
        assertThat(a).noneMatch(t -> t >= 2_000_000_000L && t < 5_000_000_000L);
    }

    @Test
    void durationsAndRatesAcceptTheUsualUnits() {
        ArrivalSchedule s = ArrivalSchedule
                .parse("rate(3600/hour) even_arrivals(1 min 30 s) rate(2/sec) even_arrivals(500 ms)");

        assertThat(s.stages()).hasSize(2);
        assertThat(s.stages().get(0).nanos()).isEqualTo(90_000_000_000L);
        assertThat(s.stages().get(0).startPerSecond()).isEqualTo(1.0);
        assertThat(s.stages().get(0).endPerSecond()).isEqualTo(2.0);
        assertThat(s.stages().get(1).nanos()).isEqualTo(500_000_000L);
    }

    @Test
    void badSchedulesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> ArrivalSchedule.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(5/fortnight) even_arrivals(1 s)"))
                .hasMessageContaining("rate(5/fortnight)");
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(5/s) steady(1 s)")).hasMessageContaining("steady");
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(5/s) even_arrivals(soon)"))
                .hasMessageContaining("even_arrivals(soon)");
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(5/s)")).hasMessageContaining("no even_arrivals");
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(5/s) even_arrivals(1 s) junk"))
                .hasMessageContaining("junk");
    }
}

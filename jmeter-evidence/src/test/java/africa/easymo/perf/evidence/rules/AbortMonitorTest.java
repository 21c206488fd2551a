package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.SampleObservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Drives the monitor with its own clock: no sleeping, no timing. */
class AbortMonitorTest {

    private static final long T0 = 1_700_000_000_000L;

    private static SampleObservation sample(String label, long endMs, long elapsed, String code) {
        return new SampleObservation(label, elapsed, code.startsWith("2"), code, endMs - elapsed, endMs);
    }

    @Test
    void overRuleFiresOnceTheWindowHoldsEnoughSamplesAndNamesTheFigure() {
        List<String> fired = new ArrayList<>();
        AbortMonitor m = new AbortMonitor(SloRules.parse("", "abort if 5xx>5% over 60s").abortRules(),
                n -> OptionalLong.empty(), fired::add);
        // 20 % 5xx, two samples a second.
        for (int i = 0; i < 8; i++) {
            m.record(sample("redeem", T0 + i * 500, 20, i % 5 == 0 ? "503" : "200"));
        }
        assertThat(m.check(T0 + 4000)).as("8 samples < min 10").isNull();
        for (int i = 8; i < 10; i++) {
            m.record(sample("redeem", T0 + i * 500, 20, "200"));
        }
        String reason = m.check(T0 + 5000);
        assertThat(reason)
                .isEqualTo("abort if rate(5xx)>5% over 60s: rate(5xx) was 20% over the last 60s (10 samples)");
        assertThat(fired).containsExactly(reason);
        m.check(T0 + 6000);
        assertThat(fired).hasSize(1);
    }

    @Test
    void overRuleForgetsSamplesThatLeftTheWindow() {
        AbortMonitor m = new AbortMonitor(SloRules.parse("", "abort if errors>50% over 10s min 1").abortRules(),
                n -> OptionalLong.empty(), r -> {
                });
        m.record(sample("a", T0, 5, "500"));
        m.record(sample("a", T0 + 11_000, 5, "200"));
        assertThat(m.check(T0 + 11_500)).isNull();
        m.record(sample("a", T0 + 12_000, 5, "500"));
        m.record(sample("a", T0 + 12_100, 5, "500"));
        assertThat(m.check(T0 + 12_500)).contains("errors was 66.67% over the last 10s (3 samples)");
    }

    @Test
    void forRuleNeedsTheBreachAtEveryCheckForTheWholeWindow() {
        AbortMonitor m = new AbortMonitor(SloRules.parse("", "preview: abort if p(95)>2000 for 60s min 5").abortRules(),
                n -> OptionalLong.empty(), r -> {
                });
        AtomicLong now = new AtomicLong(T0);
        // 30 s slow, then one fast 10 s stretch resets the streak, then slow again.
        for (int s = 0; s < 140; s++) {
            long elapsed = (s >= 30 && s < 40) ? 100 : 3000;
            for (int k = 0; k < 2; k++) {
                m.record(sample("preview", T0 + s * 1000L + k * 400, elapsed, "200"));
                m.record(sample("other", T0 + s * 1000L + k * 400, 9000, "200"));
            }
            now.set(T0 + s * 1000L + 999);
            String r = m.check(now.get());
            if (r != null) {
                // The all-fast probe at 39 s broke the streak; slow samples breach again from 40 s on.
                assertThat(s).isBetween(99, 101);
                assertThat(r).startsWith("preview: abort if p(95)>2000ms for 60s: p(95) was ")
                        .contains("over the last 10s (20 samples), sustained for 6");
                return;
            }
        }
        throw new AssertionError("rule never fired");
    }

    @Test
    void forRuleWithTooFewSamplesNeitherStartsNorBreaksTheStreak() {
        AbortMonitor m = new AbortMonitor(SloRules.parse("", "abort if avg>100 for 20s min 3").abortRules(),
                n -> OptionalLong.empty(), r -> {
                });
        for (int s = 0; s < 10; s++) {
            m.record(sample("x", T0 + s * 1000L, 500, "200"));
        }
        assertThat(m.check(T0 + 1_500)).as("too few to start").isNull();
        assertThat(m.check(T0 + 9_500)).isNull();
        // The server goes quiet: nothing arrives, the streak started at 9.5 s stays.
        assertThat(m.check(T0 + 25_000)).isNull();
        for (int s = 26; s < 31; s++) {
            m.record(sample("x", T0 + s * 1000L, 500, "200"));
        }
        assertThat(m.check(T0 + 30_000)).contains("abort if avg>100ms for 20s: avg was 500ms");
    }

    @Test
    void latencyPercentileInTheWindowIsRoundedDownNeverUp() {
        AbortMonitor m = new AbortMonitor(SloRules.parse("", "abort if p(50)>2000 over 10s min 1").abortRules(),
                n -> OptionalLong.empty(), r -> {
                });
        m.record(sample("x", T0, 2010, "200"));
        assertThat(m.check(T0 + 100)).as("2010 shares a bucket with 2000").isNull();
        for (int i = 0; i < 3; i++) {
            m.record(sample("x", T0, 2200, "200"));
        }
        assertThat(m.check(T0 + 100)).contains("p(50) was 2176ms");
    }

    @Test
    void counterRulesReadTheRunTotal() {
        AtomicLong doubleSpends = new AtomicLong();
        AbortMonitor m = new AbortMonitor(
                SloRules.parse("", "abort if counter(redeem.double_spend_accepted)>0").abortRules(),
                n -> n.equals("redeem.double_spend_accepted") ? OptionalLong.of(doubleSpends.get())
                        : OptionalLong.empty(),
                r -> {
                });
        assertThat(m.check(T0)).isNull();
        doubleSpends.set(2);
        assertThat(m.check(T0 + 1000)).isEqualTo(
                "abort if counter(redeem.double_spend_accepted)>0: counter(redeem.double_spend_accepted) was 2");
    }

    @Test
    void windowBucketsCoverTheRangeMonotonically() {
        long previous = -1;
        for (long v = 0; v < 5_000_000; v += 37) {
            int i = WindowHistogram.index(v);
            assertThat(i).isBetween(0, WindowHistogram.BUCKETS - 1);
            long lower = WindowHistogram.lowerBound(i);
            assertThat(lower).isLessThanOrEqualTo(v);
            assertThat(v - lower).isLessThanOrEqualTo(Math.max(0, v / 32));
            assertThat(lower).isGreaterThanOrEqualTo(previous);
            previous = lower;
        }
    }

    @Test
    void statusShowsEveryRulesWindowAgainstItsLimitWithoutFiringIt() {
        List<String> fired = new ArrayList<>();
        AtomicLong doubleSpends = new AtomicLong();
        AbortMonitor m = new AbortMonitor(
                SloRules.parse("", "abort if 5xx>5% over 60s min 4\nabort if counter(double_spend)>0").abortRules(),
                n -> n.equals("double_spend") ? OptionalLong.of(doubleSpends.get()) : OptionalLong.empty(), fired::add);
        m.record(sample("a", T0 + 100, 5, "503"));
        m.record(sample("a", T0 + 200, 5, "200"));
        List<AbortRuleStatus> early = m.status(T0 + 1000);
        assertThat(early).hasSize(2);
        assertThat(early.get(0).rule()).isEqualTo("abort if rate(5xx)>5% over 60s");
        assertThat(early.get(0).value()).isEqualTo(50.0);
        assertThat(early.get(0).samples()).isEqualTo(2);
        assertThat(early.get(0).limit()).isEqualTo(5.0);
        assertThat(early.get(0).breaching()).as("2 samples < min 4").isFalse();
        assertThat(early.get(1).value()).isZero();
        assertThat(early.get(1).samples()).isEqualTo(-1);
        m.record(sample("a", T0 + 300, 5, "200"));
        m.record(sample("a", T0 + 400, 5, "200"));
        doubleSpends.set(1);
        List<AbortRuleStatus> later = m.status(T0 + 1000);
        assertThat(later.get(0).value()).isEqualTo(25.0);
        assertThat(later.get(0).breaching()).isTrue();
        assertThat(later.get(1).breaching()).isTrue();
        assertThat(later).noneMatch(AbortRuleStatus::fired);
        assertThat(fired).as("status never fires a rule").isEmpty();
        m.check(T0 + 1000);
        assertThat(m.status(T0 + 1000).get(0).fired()).isTrue();
    }
}

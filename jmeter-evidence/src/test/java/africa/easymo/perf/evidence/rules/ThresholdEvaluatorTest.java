package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.LabelStats;
import africa.easymo.perf.evidence.stats.SampleObservation;
import africa.easymo.perf.evidence.stats.StatsView;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {

    private static StatsView view(LabelStats stats, Map<String, Long> counters) {
        return new StatsView() {
            @Override
            public LabelSnapshot select(LabelSelector selector) {
                return selector.matches("redeem") ? stats.snapshot() : new LabelStats(selector.text()).snapshot();
            }

            @Override
            public OptionalLong counter(String name) {
                Long v = counters.get(name);
                return v == null ? OptionalLong.empty() : OptionalLong.of(v);
            }
        };
    }

    @Test
    void eachThresholdGetsItsObservedValueAndVerdict() {
        LabelStats redeem = new LabelStats("redeem");
        for (int i = 1; i <= 100; i++) {
            boolean fail = i <= 2;
            redeem.record(new SampleObservation("redeem", i * 10, !fail, i <= 1 ? "503" : fail ? "429" : "200",
                    1000 + i, 1000 + i + i * 10));
        }
        SloRules rules = SloRules.parse("""
                redeem: p(95)<900, p(95)<1000, avg<=505, errors<2%, rate(5xx)<1%, rate(429,5xx)<=2%, count==100
                counter(redeem.double_spend_accepted)==0
                counter(never.defined)==0
                preview: p(95)<1000
                """, "");
        List<ThresholdVerdict> v = ThresholdEvaluator.evaluate(rules.thresholds(),
                view(redeem, Map.of("redeem.double_spend_accepted", 0L)));
        assertThat(v).extracting(ThresholdVerdict::passed).containsExactly(false, true, true, false, false, true, true,
                true, false, false);
        assertThat(v.get(0).observed()).isEqualTo(950);
        assertThat(v.get(2).observed()).isEqualTo(505);
        assertThat(v.get(3).observed()).isEqualTo(2);
        assertThat(v.get(4).observed()).isEqualTo(1);
        assertThat(v.get(0).line()).isEqualTo("FAIL  redeem: p(95)<900ms  observed 950ms");
        assertThat(v.get(1).line()).isEqualTo("PASS  redeem: p(95)<1000ms  observed 950ms");
        assertThat(v.get(8).note()).isEqualTo("no such counter: never.defined");
        assertThat(v.get(9).line())
                .isEqualTo("FAIL  preview: p(95)<1000ms  observed n/a (no samples labelled 'preview')");
    }
}

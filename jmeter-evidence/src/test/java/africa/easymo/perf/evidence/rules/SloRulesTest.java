package africa.easymo.perf.evidence.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SloRulesTest {

    @Test
    void readsLabelledThresholdListsCountersAndAbortRules() {
        SloRules rules = SloRules.parse("""
                # station redeem peak
                redeem: p(95)<500, avg<300, errors<1%
                campaign dispatch: p(95)<2s, rate(429,5xx)<5%   # dispatcher ack
                counter(redeem.double_spend_accepted)==0
                voucher preview: p99 <= 1500ms, med<400, max<10000, count>=10
                """, """
                abort if 5xx>5% over 60s
                voucher preview: abort if p(95)>2000 for 1m min 20 samples
                abort if counter(redeem.double_spend_accepted)>0
                """);
        assertThat(rules.thresholds()).extracting(Threshold::describe).containsExactly("redeem: p(95)<500ms",
                "redeem: avg<300ms", "redeem: errors<1%", "campaign dispatch: p(95)<2000ms",
                "campaign dispatch: rate(429,5xx)<5%", "counter(redeem.double_spend_accepted)==0",
                "voucher preview: p(99)<=1500ms", "voucher preview: med<400ms", "voucher preview: max<10000ms",
                "voucher preview: count>=10");
        assertThat(rules.thresholds().get(0).selector().isExact()).isTrue();
        assertThat(rules.thresholds().get(5).selector().isAll()).isTrue();

        assertThat(rules.abortRules()).extracting(AbortRule::describe).containsExactly("abort if rate(5xx)>5% over 60s",
                "voucher preview: abort if p(95)>2000ms for 60s", "abort if counter(redeem.double_spend_accepted)>0");
        AbortRule sustained = rules.abortRules().get(1);
        assertThat(sustained.mode()).isEqualTo(AbortRule.Mode.FOR);
        assertThat(sustained.minSamples()).isEqualTo(20);
        assertThat(sustained.probeSeconds()).isEqualTo(AbortRule.SUSTAIN_PROBE_SECONDS);
        assertThat(rules.abortRules().get(0).minSamples()).isEqualTo(AbortRule.DEFAULT_MIN_SAMPLES);
        assertThat(rules.abortRules().get(2).mode()).isEqualTo(AbortRule.Mode.NOW);
    }

    @Test
    void labelsMayHoldColonsAndGlobs() {
        SloRules rules = SloRules.parse("GET /a:b: p(90)<100\ncampaign *: errors<5%\n*: max<9s", "");
        assertThat(rules.thresholds().get(0).selector().text()).isEqualTo("GET /a:b");
        LabelSelector glob = rules.thresholds().get(1).selector();
        assertThat(glob.matches("campaign dispatch")).isTrue();
        assertThat(glob.matches("campaign ")).isTrue();
        assertThat(glob.matches("a campaign x")).isFalse();
        assertThat(rules.thresholds().get(2).selector().isAll()).isTrue();
        assertThat(LabelSelector.of("x.(y)*").matches("x.(y)z")).isTrue();
        assertThat(LabelSelector.of("x.(y)*").matches("xa(y)z")).isFalse();
    }

    @Test
    void emptyAndCommentOnlyTextHasNoRules() {
        assertThat(SloRules.parse(null, "  \n# nothing\n").isEmpty()).isTrue();
    }

    @Test
    void errorsNameFieldLineRuleAndWhatWasExpected() {
        assertThatThrownBy(() -> SloRules.parse("redeem: p(95)<500\nredeem: p(95)<<500", ""))
                .isInstanceOf(ThresholdParseException.class)
                .hasMessage("SLO thresholds, line 2 \"redeem: p(95)<<500\": expected a number after p(95)< at '<500'");
        assertThatThrownBy(() -> SloRules.parse("redeem: p95x<5", "")).hasMessageContaining("line 1")
                .hasMessageContaining("unknown metric 'p95x'").hasMessageContaining("known: p(N)");
        assertThatThrownBy(() -> SloRules.parse("redeem: errors<1", ""))
                .hasMessageContaining("errors is a percentage: write the limit with '%', e.g. errors<1%");
        assertThatThrownBy(() -> SloRules.parse("redeem: p(101)<1", ""))
                .hasMessageContaining("percentile 101 is outside (0, 100]");
        assertThatThrownBy(() -> SloRules.parse("redeem: rate(42,5xx)<1%", ""))
                .hasMessageContaining("rate(...): '42' is not a status code or class");
        assertThatThrownBy(() -> SloRules.parse("redeem: avg<3h", ""))
                .hasMessageContaining("latency limit unit 'h' unknown");
        assertThatThrownBy(() -> SloRules.parse("redeem: avg 300", ""))
                .hasMessageContaining("expected one of < <= > >= == != after avg at '300'");
        assertThatThrownBy(() -> SloRules.parse("redeem: avg<300 errors<1%", ""))
                .hasMessageContaining("separate conditions with ','");
        assertThatThrownBy(() -> SloRules.parse(": avg<3", "")).hasMessageContaining("nothing before ':'");
        assertThatThrownBy(() -> SloRules.parse("redeem:", "")).hasMessageContaining("no condition after the label");
        assertThatThrownBy(() -> SloRules.parse("a: avg<1,,max<2", "")).hasMessageContaining("empty condition");
        assertThatThrownBy(() -> SloRules.parse("", "abort if 5xx>5%"))
                .hasMessageStartingWith("SLO abort rules, line 1 \"abort if 5xx>5%\"")
                .hasMessageContaining("expected 'over <duration>'");
        assertThatThrownBy(() -> SloRules.parse("", "\n\nabort if 5xx>5% over 60h")).hasMessageContaining("line 3")
                .hasMessageContaining("duration unit 'h' unknown");
        assertThatThrownBy(() -> SloRules.parse("", "abort when 5xx>5% over 6s"))
                .hasMessageContaining("'abort if <metric><op><limit> over|for <duration>'");
        assertThatThrownBy(() -> SloRules.parse("", "abort if 5xx>5% over 6s please"))
                .hasMessageContaining("unexpected 'please'");
        assertThatThrownBy(() -> SloRules.parse("counter(a b)==0", "")).hasMessageContaining("counter name 'a b'");
        assertThatThrownBy(() -> SloRules.parse("count<5ms", "")).hasMessageContaining("drop the unit 'ms'");
        assertThatThrownBy(() -> SloRules.parse("errors<101%", "")).hasMessageContaining("above 100%");
    }
}

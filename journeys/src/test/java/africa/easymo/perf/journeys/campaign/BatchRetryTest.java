package africa.easymo.perf.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The campaign's figures of the one retry rule (the rule itself is tested in core's RetryPolicyTest). */
class BatchRetryTest {

    @Test
    void aBatchWaitsTheExactRetryAfterUpToTwoMinutesElseBacksOffFrom500MillisTo15Seconds() {
        assertThat(CampaignVerdicts.BATCH_RETRY.baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(CampaignVerdicts.BATCH_RETRY.maxDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(CampaignVerdicts.BATCH_RETRY.maxRetryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(CampaignVerdicts.BATCH_RETRY.retryAfterJitter()).isZero();
        assertThat(CampaignVerdicts.BATCH_RETRY.delay(1, "3")).isEqualTo(Duration.ofSeconds(3));
    }
}

package africa.easymo.perf.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardGranularityTest {

    @Test
    void aboutSixtyPointsPerRunBetweenOneSecondAndOneMinute() {
        assertThat(DashboardGenerator.granularityMs(0)).isEqualTo(1000);
        assertThat(DashboardGenerator.granularityMs(6_000)).isEqualTo(1000);
        assertThat(DashboardGenerator.granularityMs(60_000)).as("a 60-s smoke run: a point a second").isEqualTo(1000);
        assertThat(DashboardGenerator.granularityMs(61_000)).isEqualTo(2000);
        assertThat(DashboardGenerator.granularityMs(300_000)).isEqualTo(5000);
        assertThat(DashboardGenerator.granularityMs(600_000)).isEqualTo(10_000);
        assertThat(DashboardGenerator.granularityMs(3_600_000)).isEqualTo(60_000);
        assertThat(DashboardGenerator.granularityMs(8 * 3_600_000L)).as("never coarser than JMeter's default")
                .isEqualTo(60_000);
    }
}

package africa.easymo.perf.journeys.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TableProbeSettingsTest {

    @Test
    void onByDefaultEveryFiveSecondsOverTheJourneyTables() {
        TableProbeSettings s = TableProbeSettings.from(Map.<String, String> of()::get);
        assertThat(s.enabled()).isTrue();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.tables()).containsExactly("vouchers", "voucher_events", "stations", "campaign_targets",
                "campaign_dispatches");
    }

    @Test
    void propertiesTurnItOffAndChooseRateAndTables() {
        assertThat(TableProbeSettings.from(Map.of("perf.supabase.probe", "FALSE")::get).enabled()).isFalse();
        TableProbeSettings s = TableProbeSettings.from(Map.of("perf.supabase.probe.seconds", " 2 ",
                "perf.supabase.probe.tables", "vouchers, stations,vouchers")::get);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.tables()).isEqualTo(List.of("vouchers", "stations"));
    }

    @Test
    void anUnusableValueNamesItsProperty() {
        assertThatThrownBy(() -> TableProbeSettings.from(Map.of("perf.supabase.probe", "yes")::get))
                .hasMessage("perf.supabase.probe=yes is not true or false");
        assertThatThrownBy(() -> TableProbeSettings.from(Map.of("perf.supabase.probe.seconds", "0")::get))
                .hasMessage("perf.supabase.probe.seconds=0 is not a number of seconds in 1..3600");
        assertThatThrownBy(() -> TableProbeSettings.from(Map.of("perf.supabase.probe.seconds", "fast")::get))
                .hasMessageStartingWith("perf.supabase.probe.seconds=fast");
        assertThatThrownBy(() -> TableProbeSettings.from(Map.of("perf.supabase.probe.tables", "vouchers;drop")::get))
                .hasMessageStartingWith("perf.supabase.probe.tables: 'vouchers;drop' is not a table name");
    }
}

package africa.easymo.perf.evidence.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LiveSettingsTest {

    private static LiveSettings of(Map<String, String> props, Map<String, String> env) {
        return LiveSettings.from(props::get, env::get);
    }

    @Test
    void offByDefaultOnLoopbackPort5665() {
        assertThat(of(Map.of(), Map.of())).isEqualTo(new LiveSettings(false, "127.0.0.1", 5665, 0));
    }

    @Test
    void onByPropertyOrEitherEnvironmentVariableThePropertyWinning() {
        assertThat(of(Map.of("perf.dashboard", "true"), Map.of()).enabled()).isTrue();
        assertThat(of(Map.of(), Map.of("K6_WEB_DASHBOARD", "true")).enabled()).isTrue();
        assertThat(of(Map.of(), Map.of("PERF_WEB_DASHBOARD", "TRUE")).enabled()).isTrue();
        assertThat(of(Map.of(), Map.of("K6_WEB_DASHBOARD", "false")).enabled()).isFalse();
        assertThat(of(Map.of("perf.dashboard", "false"), Map.of("K6_WEB_DASHBOARD", "true")).enabled()).isFalse();
    }

    @Test
    void hostPortAndLingerFromProperties() {
        LiveSettings s = of(Map.of("perf.dashboard.host", "0.0.0.0", "perf.dashboard.port", "7000",
                "perf.dashboard.linger.seconds", "5"), Map.of());
        assertThat(s).isEqualTo(new LiveSettings(false, "0.0.0.0", 7000, 5));
        assertThatThrownBy(() -> of(Map.of("perf.dashboard.port", "http"), Map.of()))
                .hasMessage("perf.dashboard.port is not a number: http");
        assertThatThrownBy(() -> of(Map.of("perf.dashboard.port", "70000"), Map.of()))
                .hasMessageContaining("between 0 and 65535");
    }
}

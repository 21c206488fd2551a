package africa.easymo.perf.sandbox.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class QuietHoursTest {
    @Test
    void windowAcrossMidnightInKigali() {
        QuietHours q = QuietHours.parse("21:00-07:00");
        // Kigali is UTC+2.
        assertThat(q.contains(Instant.parse("2026-01-10T19:00:00Z"))).isTrue();
        assertThat(q.contains(Instant.parse("2026-01-10T04:59:59Z"))).isTrue();
        assertThat(q.contains(Instant.parse("2026-01-10T05:00:00Z"))).isFalse();
        assertThat(q.contains(Instant.parse("2026-01-10T12:00:00Z"))).isFalse();
    }

    @Test
    void dayWindowWithExplicitZone() {
        QuietHours q = QuietHours.parse("12:00-13:00 UTC");
        assertThat(q.contains(Instant.parse("2026-01-10T12:30:00Z"))).isTrue();
        assertThat(q.contains(Instant.parse("2026-01-10T13:00:00Z"))).isFalse();
    }

    @Test
    void badTextNamesTheExpectedForm() {
        assertThatThrownBy(() -> QuietHours.parse("9pm")).hasMessageContaining("21:00-07:00");
        assertThatThrownBy(() -> QuietHours.parse("07:00-07:00")).hasMessageContaining("differ");
    }
}

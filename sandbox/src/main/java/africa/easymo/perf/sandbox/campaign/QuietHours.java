package africa.easymo.perf.sandbox.campaign;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A daily window (local time of a zone) in which campaign messages must not go out, e.g. {@code 21:00-07:00} in
 * Africa/Kigali. A window whose start is after its end wraps midnight; start equal to end is refused (ambiguous).
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    /** Where easyMO's customers are. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Africa/Kigali");

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours " + start + "-" + end + ": start and end must differ");
        }
    }

    /**
     * {@code HH:mm-HH:mm}, optionally followed by a zone ({@code 21:00-07:00 Africa/Kigali}); the zone defaults to
     * {@link #DEFAULT_ZONE}.
     */
    public static QuietHours parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        ZoneId zone = DEFAULT_ZONE;
        int space = s.indexOf(' ');
        if (space > 0) {
            zone = ZoneId.of(s.substring(space + 1).trim());
            s = s.substring(0, space);
        }
        int dash = s.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("quiet hours '" + text + "' must look like 21:00-07:00 [zone]");
        }
        try {
            return new QuietHours(LocalTime.parse(s.substring(0, dash)), LocalTime.parse(s.substring(dash + 1)), zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quiet hours '" + text + "' must look like 21:00-07:00 [zone]", e);
        }
    }

    /** Whether that instant falls in the window (start inclusive, end exclusive). */
    public boolean contains(Instant at) {
        LocalTime t = at.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end + " " + zone;
    }
}

package africa.easymo.perf.journeys.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Whether and how the Supabase metrics collector times PostgREST per table: {@code perf.supabase.probe} ({@code true}),
 * {@code perf.supabase.probe.seconds} (one read of each table every 5 s) and {@code perf.supabase.probe.tables} (the
 * tables the three journeys read and write).
 */
record TableProbeSettings(boolean enabled, Duration interval, List<String> tables) {

    static final String ENABLED_PROPERTY = "perf.supabase.probe";
    static final String SECONDS_PROPERTY = "perf.supabase.probe.seconds";
    static final String TABLES_PROPERTY = "perf.supabase.probe.tables";

    static final List<String> JOURNEY_TABLES = List.of("vouchers", "voucher_events", "stations", "campaign_targets",
            "campaign_dispatches");
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Reads the three properties; a value that cannot be used is an error naming the property, so a typo never turns
     * into a silent default.
     */
    static TableProbeSettings from(Function<String, String> props) {
        String on = trimmed(props.apply(ENABLED_PROPERTY));
        boolean enabled;
        if (on == null || on.equalsIgnoreCase("true")) {
            enabled = true;
        } else if (on.equalsIgnoreCase("false")) {
            enabled = false;
        } else {
            throw new IllegalArgumentException(ENABLED_PROPERTY + "=" + on + " is not true or false");
        }
        String s = trimmed(props.apply(SECONDS_PROPERTY));
        long seconds = 5;
        if (s != null) {
            try {
                seconds = Long.parseLong(s);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > 3600) {
                throw new IllegalArgumentException(
                        SECONDS_PROPERTY + "=" + s + " is not a number of seconds in 1..3600");
            }
        }
        String t = trimmed(props.apply(TABLES_PROPERTY));
        List<String> tables = JOURNEY_TABLES;
        if (t != null) {
            List<String> given = new ArrayList<>();
            for (String part : t.split(",")) {
                String name = part.trim();
                if (!TABLE.matcher(name).matches()) {
                    throw new IllegalArgumentException(TABLES_PROPERTY + ": '" + name
                            + "' is not a table name (lower-case letters, digits, underscores; comma-separated)");
                }
                if (!given.contains(name)) {
                    given.add(name);
                }
            }
            tables = List.copyOf(given);
        }
        return new TableProbeSettings(enabled, Duration.ofSeconds(seconds), tables);
    }

    private static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}

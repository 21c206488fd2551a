package africa.easymo.perf.evidence.live;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Whether and where the live dashboard listens. Off by default; on with the JMeter property {@value #ENABLED}
 * {@code =true}, or (when that property is not set) the environment variable {@code K6_WEB_DASHBOARD=true} or
 * {@code PERF_WEB_DASHBOARD=true}. Loopback on port 5665 (k6's) unless {@value #HOST} / {@value #PORT} say otherwise.
 *
 * @param lingerSeconds
 *            how long the server keeps answering after the run ended (so the verdict can be seen); 0 by default
 */
public record LiveSettings(boolean enabled, String host, int port, int lingerSeconds) {

    public static final String ENABLED = "perf.dashboard";
    public static final String HOST = "perf.dashboard.host";
    public static final String PORT = "perf.dashboard.port";
    public static final String LINGER = "perf.dashboard.linger.seconds";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5665;

    /**
     * @param property
     *            a JMeter property's value, or null
     * @param env
     *            an environment variable's value, or null
     *
     * @throws IllegalArgumentException
     *             for a port or linger that is not a number in range
     */
    public static LiveSettings from(UnaryOperator<String> property, UnaryOperator<String> env) {
        String on = property.apply(ENABLED);
        boolean enabled;
        if (on != null && !on.isBlank()) {
            enabled = isTrue(on);
        } else {
            enabled = isTrue(env.apply("K6_WEB_DASHBOARD")) || isTrue(env.apply("PERF_WEB_DASHBOARD"));
        }
        String host = property.apply(HOST);
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
        int port = number(property.apply(PORT), DEFAULT_PORT, PORT, 0, 65535);
        int linger = number(property.apply(LINGER), 0, LINGER, 0, 3600);
        return new LiveSettings(enabled, host, port, linger);
    }

    private static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("1") || t.equals("yes") || t.equals("on");
    }

    private static int number(String v, int dflt, String name, int min, int max) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + v.trim());
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + v.trim(), e);
        }
    }
}

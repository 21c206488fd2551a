package africa.easymo.perf.run;

import java.util.Optional;

import org.apache.jmeter.util.JMeterUtils;

/**
 * A setting that may come from the environment or from a JMeter property of the same name: the property wins (so
 * {@code -J} or a properties file can override the environment), a blank value counts as unset.
 */
public final class RunSettings {
    private RunSettings() {
    }

    public static Optional<String> get(String name) {
        String v = JMeterUtils.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}

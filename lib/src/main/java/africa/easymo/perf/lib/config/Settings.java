package africa.easymo.perf.lib.config;

import africa.easymo.perf.core.Secret;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Resolves a {@link Setting}: a JMeter property wins over the environment variable; a blank value counts as unset. */
public final class Settings {
    private Settings() {
    }

    /**
     * @param props
     *            property lookup (e.g. {@code JMeterUtils::getProperty}); may return null
     * @param env
     *            environment lookup (e.g. {@code System::getenv}); may return null
     *
     * @return the trimmed value, or empty when neither source has a non-blank value
     */
    public static Optional<String> resolve(Setting setting, Function<String, String> props,
            Function<String, String> env) {
        Objects.requireNonNull(setting, "setting");
        Optional<String> p = props == null ? Optional.empty() : nonBlank(props.apply(setting.propertyName()));
        if (p.isPresent()) {
            return p;
        }
        return env == null ? Optional.empty() : nonBlank(env.apply(setting.envName()));
    }

    /** Like {@link #resolve} but held as a {@link Secret} so it cannot be printed by accident. */
    public static Optional<Secret> resolveSecret(Setting setting, Function<String, String> props,
            Function<String, String> env) {
        return resolve(setting, props, env).map(Secret::new);
    }

    /**
     * The value, or an {@link IllegalStateException} whose message names the variable (never its value).
     */
    public static String require(Setting setting, Function<String, String> props, Function<String, String> env) {
        return resolve(setting, props, env).orElseThrow(() -> new IllegalStateException(missingMessage(setting)));
    }

    /** The one-line message for a missing setting. */
    public static String missingMessage(Setting setting) {
        return setting.envName() + " is not set (" + setting.description() + ")";
    }

    private static Optional<String> nonBlank(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(s.trim());
    }
}

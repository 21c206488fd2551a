package africa.easymo.perf.journeys.setup;

import africa.easymo.perf.run.RunOutcome;

import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how this engine talks to easyMO: every {@link Setting} resolved once at test start (JMeter property over
 * environment variable, blank = unset), secrets held as {@link Secret}s, plus timeouts and the idempotency-key prefix.
 * Immutable and shared by every thread.
 */
public final class EasymoTarget {
    /** Header that carries the station token when {@code PERF_STATION_AUTH_HEADER} is unset. */
    public static final String DEFAULT_STATION_AUTH_HEADER = "authorization";
    /**
     * Path appended to {@code PERF_APP_BASE_URL} when {@code PERF_VOUCHER_PREVIEW_URL} is unset (the easyMO app's
     * preview route).
     */
    public static final String DEFAULT_PREVIEW_PATH = "/api/vouchers/preview";

    private final Map<Setting, String> values;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final String idempotencyPrefix;

    private EasymoTarget(Map<Setting, String> values, Duration connectTimeout, Duration responseTimeout,
            String idempotencyPrefix) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.idempotencyPrefix = idempotencyPrefix == null ? "" : idempotencyPrefix.trim();
    }

    /**
     * @param values
     *            every setting that has a value (blank values are dropped); derived defaults (preview URL) are filled
     *            here
     */
    public static EasymoTarget of(Map<Setting, String> values, Duration connectTimeout, Duration responseTimeout,
            String idempotencyPrefix) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        values.forEach((k, s) -> {
            if (s != null && !s.isBlank()) {
                v.put(k, s.trim());
            }
        });
        if (!v.containsKey(Setting.PERF_VOUCHER_PREVIEW_URL) && v.containsKey(Setting.PERF_APP_BASE_URL)) {
            v.put(Setting.PERF_VOUCHER_PREVIEW_URL,
                    stripSlash(v.get(Setting.PERF_APP_BASE_URL)) + DEFAULT_PREVIEW_PATH);
        }
        return new EasymoTarget(v, connectTimeout, responseTimeout, idempotencyPrefix);
    }

    /** The raw value of a non-secret setting. Secrets are only handed out as {@link #secret(Setting)}. */
    public Optional<String> value(Setting setting) {
        if (setting.secret()) {
            throw new IllegalArgumentException(setting + " is a secret: use secret()");
        }
        return Optional.ofNullable(values.get(setting));
    }

    /** True when the setting has a value. */
    public boolean has(Setting setting) {
        return values.containsKey(setting);
    }

    public Optional<Secret> secret(Setting setting) {
        String s = values.get(setting);
        return s == null ? Optional.empty() : Optional.of(new Secret(s));
    }

    /** The secret, or an {@link EngineStartException} naming the variable (and the run refuses to start). */
    public Secret requireSecret(Setting setting, String neededBy, RunOutcome outcome) {
        return secret(setting).orElseThrow(() -> outcome.refuseStart(missing(setting, neededBy)));
    }

    /** An endpoint URL, validated as an absolute http(s) URL. */
    public Optional<URI> endpoint(Setting setting) {
        String s = values.get(setting);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(parseUrl(setting, s));
    }

    /**
     * The endpoint, or an {@link EngineStartException} naming the variable; {@code neededBy} says who needs it (e.g.
     * "Station Redeem sampler 'redeem'").
     */
    public URI requireEndpoint(Setting setting, String neededBy, RunOutcome outcome) {
        String s = values.get(setting);
        if (s == null) {
            throw outcome.refuseStart(missing(setting, neededBy));
        }
        try {
            return parseUrl(setting, s);
        } catch (IllegalArgumentException e) {
            throw outcome.refuseStart(e.getMessage());
        }
    }

    /** The header that carries the station token ({@code PERF_STATION_AUTH_HEADER}, default {@code authorization}). */
    public String stationAuthHeader() {
        return values.getOrDefault(Setting.PERF_STATION_AUTH_HEADER, DEFAULT_STATION_AUTH_HEADER);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Prefix for idempotency keys (may be empty); lets two runs on one target keep their keys apart. */
    public String idempotencyPrefix() {
        return idempotencyPrefix;
    }

    /** {@code prefix-rest}, or {@code rest} when there is no prefix. */
    public String idempotencyKey(String rest) {
        return idempotencyPrefix.isEmpty() ? rest : idempotencyPrefix + "-" + rest;
    }

    /** Every secret value this target holds, for the redactor. */
    public List<String> secretValues() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            if (k.secret()) {
                out.add(v);
            }
        });
        return out;
    }

    /** Non-secret settings with their values, secrets as {@code ***}: safe to log. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EasymoTarget{");
        values.forEach((k, v) -> b.append(k).append('=').append(k.secret() ? "***" : v).append(", "));
        return b.append("connectTimeout=").append(connectTimeout.toMillis()).append("ms, responseTimeout=")
                .append(responseTimeout.toMillis()).append("ms, idempotencyPrefix=").append(idempotencyPrefix)
                .append('}').toString();
    }

    private static String missing(Setting setting, String neededBy) {
        return setting.name() + " is not set (" + neededBy + " needs it): export " + setting.name() + "=... or pass -J"
                + setting.name() + "=...";
    }

    private static URI parseUrl(Setting setting, String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException(
                        setting.name() + "=" + s + " is not an absolute http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting.name() + " is not a valid URL: " + e.getMessage());
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}

package africa.easymo.perf.plugin.evidence;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import org.apache.jmeter.threads.JMeterContextService;

import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.plugin.engine.EasymoTarget;
import africa.easymo.perf.plugin.engine.EngineContext;

/**
 * What the evidence reads from the plugin core's per-engine state, in one place. A plan without the easyMO config
 * elements still gets its evidence, with no reconciliation, seed or target.
 */
final class EngineBridge {

    private EngineBridge() {
    }

    /** Joins (or creates) this run's engine context, so counters are this run's and old failures are forgotten. */
    static void join() {
        EngineContext.forThisRun();
    }

    /** This run's context; never a context a previous in-process run left behind. */
    private static Optional<EngineContext> context() {
        return EngineContext.find().filter(c -> c.runStartMillis() == JMeterContextService.getTestStartTime());
    }

    /**
     * A counter's run total, or empty when no scenario registered a counter of that name (a typo in a threshold must
     * not read as a clean zero) or there is no engine context.
     */
    static OptionalLong counter(String name) {
        Optional<EngineContext> c = context();
        if (c.isEmpty()) {
            return OptionalLong.empty();
        }
        Long v = c.get().counters().snapshot().get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static Map<String, Long> counters() {
        return context().map(c -> c.counters().snapshot()).orElse(Map.of());
    }

    /** Redacts every secret the engine knows at the time of the call (secrets arrive as config elements start). */
    static UnaryOperator<String> redactor() {
        return s -> {
            Optional<EngineContext> c = context();
            return c.isPresent() ? c.get().redactor().redact(s) : s;
        };
    }

    /** Runs the scenarios' reconciliations (once per run) and returns the evidence sections. */
    static Map<String, Object> reconcile() {
        Optional<EngineContext> c = context();
        if (c.isEmpty()) {
            return new LinkedHashMap<>();
        }
        c.get().runEndHooks();
        return new LinkedHashMap<>(c.get().evidence().snapshot());
    }

    static String seedVersion() {
        return context().flatMap(c -> c.summaryFile().map(f -> c.summary().seedVersion())).orElse(null);
    }

    static String seedSummaryFile() {
        return context().flatMap(EngineContext::summaryFile).map(Object::toString).orElse(null);
    }

    /** Endpoint setting → URL of the target: non-secret URL settings only, without any user-info part. */
    static Map<String, String> target() {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<EngineContext> c = context();
        if (c.isEmpty()) {
            return out;
        }
        EasymoTarget t;
        try {
            t = c.get().target();
        } catch (IllegalStateException e) {
            return out;
        }
        for (Setting s : Setting.values()) {
            if (s.secret() || !s.name().endsWith("_URL")) {
                continue;
            }
            t.value(s).ifPresent(v -> out.put(s.name(), c.get().redactor().redact(withoutUserInfo(v))));
        }
        return out;
    }

    static String withoutUserInfo(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url;
        }
    }
}

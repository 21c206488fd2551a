package africa.easymo.perf.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import africa.easymo.perf.run.EngineRun;

/**
 * What the evidence reads from the engine's run, in one place. A plan whose elements record no facts, counters or
 * reconciliations still gets its evidence, without them.
 */
final class EngineBridge {
    /** The run facts the summary shows (recorded by the plan's config elements). */
    static final String FACT_TARGET = "target";
    static final String FACT_SEED_VERSION = "seedVersion";
    static final String FACT_SEED_FILE = "seedSummaryFile";

    private EngineBridge() {
    }

    private static Optional<EngineRun> run() {
        return EngineRun.find();
    }

    /**
     * A counter's run total, or empty when no element registered a counter of that name (a typo in a threshold must not
     * read as a clean zero) or there is no run.
     */
    static OptionalLong counter(String name) {
        Optional<EngineRun> c = run();
        if (c.isEmpty()) {
            return OptionalLong.empty();
        }
        Long v = c.get().counters().snapshot().get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static Map<String, Long> counters() {
        return run().map(c -> c.counters().snapshot()).orElse(Map.of());
    }

    /** Redacts every secret the run knows at the time of the call (secrets arrive as config elements start). */
    static UnaryOperator<String> redactor() {
        return s -> {
            Optional<EngineRun> c = run();
            return c.isPresent() ? c.get().redactor().redact(s) : s;
        };
    }

    /** Runs the end-of-test hooks (reconciliations, once per run) and returns the evidence sections. */
    static Map<String, Object> reconcile() {
        Optional<EngineRun> c = run();
        if (c.isEmpty()) {
            return new LinkedHashMap<>();
        }
        c.get().runEndHooks();
        return new LinkedHashMap<>(c.get().evidence().snapshot());
    }

    static String seedVersion() {
        return run().flatMap(c -> c.fact(FACT_SEED_VERSION)).map(String::valueOf).orElse(null);
    }

    static String seedSummaryFile() {
        return run().flatMap(c -> c.fact(FACT_SEED_FILE)).map(String::valueOf).orElse(null);
    }

    /** Setting → URL of the target, as the plan's config recorded it (never a secret, never user info). */
    @SuppressWarnings("unchecked")
    static Map<String, String> target() {
        return run().flatMap(c -> c.fact(FACT_TARGET)).map(m -> new LinkedHashMap<>((Map<String, String>) m))
                .orElseGet(LinkedHashMap::new);
    }
}

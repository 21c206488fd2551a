package africa.easymo.perf.evidence;

import java.util.List;

/**
 * One engine's share of a distributed run, so an uneven or starved engine is visible next to the merged figures.
 *
 * @param host
 *            the engine as the client named it ({@code host:port})
 * @param state
 *            {@code finished}, {@code lost} (stopped reporting mid-run) or {@code refused} (did not start)
 * @param p95
 *            over this engine's samples, -1 when it had none
 */
public record EngineBreakdown(String host, int shard, String state, long samples, long errors, long p95,
        long arrivalsDropped, List<String> failures) {
    public EngineBreakdown {
        failures = List.copyOf(failures);
    }
}

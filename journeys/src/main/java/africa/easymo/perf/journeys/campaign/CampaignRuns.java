package africa.easymo.perf.journeys.campaign;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The engine-wide dispatch state of every Campaign Dispatch sampler of the plan, by sampler name, for one run. */
final class CampaignRuns {
    private final Map<String, DispatchRun> bySampler = new ConcurrentHashMap<>();

    /** That sampler's run, created on first use. */
    DispatchRun of(String sampler, Supplier<DispatchRun> create) {
        return bySampler.computeIfAbsent(sampler, s -> create.get());
    }
}

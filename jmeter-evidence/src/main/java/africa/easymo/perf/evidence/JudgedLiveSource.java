package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.live.LiveEngine;
import africa.easymo.perf.evidence.live.LiveSource;
import africa.easymo.perf.evidence.metrics.MetricsLatest;
import africa.easymo.perf.evidence.rules.AbortRuleStatus;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The live view of a run as its judge sees it: figures, thresholds and abort rules from the {@link RunJudge}, the rest
 * from whoever judges (one engine, or the controller of a distributed run).
 */
public final class JudgedLiveSource implements LiveSource {

    private final RunJudge judge;
    private final Supplier<Map<String, Long>> counters;
    private final IntSupplier threads;
    private final Supplier<Optional<MetricsLatest>> metrics;
    private final Supplier<List<LiveEngine>> engines;

    public JudgedLiveSource(RunJudge judge, Supplier<Map<String, Long>> counters, IntSupplier threads,
            Supplier<Optional<MetricsLatest>> metrics, Supplier<List<LiveEngine>> engines) {
        this.judge = judge;
        this.counters = counters;
        this.threads = threads;
        this.metrics = metrics;
        this.engines = engines;
    }

    @Override
    public List<LabelSnapshot> labels() {
        return judge.stats().labels();
    }

    @Override
    public LabelSnapshot total() {
        return judge.stats().total();
    }

    @Override
    public List<ThresholdVerdict> thresholds() {
        return judge.verdicts();
    }

    @Override
    public List<AbortRuleStatus> abortRules(long nowMs) {
        return judge.abortStatus(nowMs);
    }

    @Override
    public Map<String, Long> counters() {
        return counters.get();
    }

    @Override
    public int activeThreads() {
        return threads.getAsInt();
    }

    @Override
    public Optional<MetricsLatest> metrics() {
        return metrics.get();
    }

    @Override
    public List<LiveEngine> engines() {
        return engines.get();
    }
}

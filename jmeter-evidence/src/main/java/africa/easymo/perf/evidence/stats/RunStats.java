package africa.easymo.perf.evidence.stats;

import africa.easymo.perf.evidence.rules.LabelSelector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every sample of the run, by label, plus the pooled groups that glob thresholds need and the run total.
 */
public final class RunStats implements StatsView {

    private static final LabelStats[] NONE = new LabelStats[0];

    private final ConcurrentHashMap<String, LabelStats> byLabel = new ConcurrentHashMap<>();
    private final LabelStats total = new LabelStats("TOTAL");
    private final Map<LabelSelector, LabelStats> groups = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, LabelStats[]> groupsOfLabel = new ConcurrentHashMap<>();
    private final Function<String, OptionalLong> counters;

    /**
     * @param selectors
     *            the selectors thresholds use; globs get a pooled group
     * @param counters
     *            scenario counter lookup
     */
    public RunStats(List<LabelSelector> selectors, Function<String, OptionalLong> counters) {
        for (LabelSelector s : selectors) {
            if (!s.isAll() && !s.isExact()) {
                groups.putIfAbsent(s, new LabelStats(s.text()));
            }
        }
        this.counters = counters;
    }

    /** Sampler thread. */
    public void record(SampleObservation s) {
        String label = s.label() == null ? "" : s.label();
        byLabel.computeIfAbsent(label, LabelStats::new).record(s);
        total.record(s);
        if (!groups.isEmpty()) {
            for (LabelStats g : groupsOfLabel.computeIfAbsent(label, this::groupsMatching)) {
                g.record(s);
            }
        }
    }

    private LabelStats[] groupsMatching(String label) {
        List<LabelStats> matching = new ArrayList<>();
        groups.forEach((selector, stats) -> {
            if (selector.matches(label)) {
                matching.add(stats);
            }
        });
        return matching.isEmpty() ? NONE : matching.toArray(NONE);
    }

    @Override
    public LabelSnapshot select(LabelSelector selector) {
        if (selector.isAll()) {
            return total.snapshot();
        }
        LabelStats s = selector.isExact() ? byLabel.get(selector.text()) : groups.get(selector);
        return s == null ? new LabelStats(selector.text()).snapshot() : s.snapshot();
    }

    @Override
    public OptionalLong counter(String name) {
        return counters.apply(name);
    }

    /** Each label's figures, by label. */
    public List<LabelSnapshot> labels() {
        List<LabelSnapshot> all = new ArrayList<>();
        byLabel.values().forEach(s -> all.add(s.snapshot()));
        all.sort(Comparator.comparing(LabelSnapshot::label));
        return all;
    }

    public LabelSnapshot total() {
        return total.snapshot();
    }
}

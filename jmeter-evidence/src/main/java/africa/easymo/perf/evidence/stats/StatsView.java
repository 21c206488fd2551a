package africa.easymo.perf.evidence.stats;

import africa.easymo.perf.evidence.rules.LabelSelector;

import java.util.OptionalLong;

/** Read access to what a run recorded, as thresholds need it. */
public interface StatsView {

    /** Pooled figures of the samples the selector matches (empty figures when none did). */
    LabelSnapshot select(LabelSelector selector);

    /** A scenario counter's value, or empty when no scenario defines it. */
    OptionalLong counter(String name);
}

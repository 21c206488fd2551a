package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.SampleObservation;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The trailing window one abort rule reads: a ring of one-second slots, written lock-free by the sampler threads and
 * read once a second by the monitor. A slot is replaced, not cleared, when its second comes round again, so a writer
 * never races a reset.
 */
final class AbortWindow {

    private final AbortRule rule;
    private final int size;
    private final AtomicReferenceArray<Slot> ring;
    /** Only the monitor thread touches it. */
    private long streakStartMs = -1;

    AbortWindow(AbortRule rule) {
        this.rule = rule;
        this.size = (int) rule.probeSeconds() + 2;
        this.ring = new AtomicReferenceArray<>(size);
    }

    AbortRule rule() {
        return rule;
    }

    void record(SampleObservation s) {
        if (!rule.selector().matches(s.label())) {
            return;
        }
        Slot slot = slotFor(Math.floorDiv(s.endMs(), 1000));
        if (slot == null) {
            return;
        }
        slot.count.increment();
        switch (rule.metric().kind()) {
        case ERRORS -> {
            if (!s.success()) {
                slot.hits.increment();
            }
        }
        case STATUS_RATE -> {
            if (rule.metric().codes().contains(s.responseCode())) {
                slot.hits.increment();
            }
        }
        default -> {
            slot.sum.add(Math.max(0, s.elapsedMs()));
            slot.max.accumulateAndGet(s.elapsedMs(), Math::max);
            slot.min.accumulateAndGet(s.elapsedMs(), Math::min);
            if (slot.histogram != null) {
                slot.histogram.record(s.elapsedMs());
            }
        }
        }
    }

    private Slot slotFor(long second) {
        int i = (int) Math.floorMod(second, (long) size);
        Slot current = ring.get(i);
        while (current == null || current.second < second) {
            Slot fresh = new Slot(second, rule.metric().needsDistribution());
            if (ring.compareAndSet(i, current, fresh)) {
                return fresh;
            }
            current = ring.get(i);
        }
        // A sample so late that its second has left the window.
        return current.second == second ? current : null;
    }

    /**
     * Checks the rule at {@code nowMs}.
     *
     * @return why it fired, or null
     */
    String check(long nowMs) {
        long nowSecond = Math.floorDiv(nowMs, 1000);
        Figure f = figure(nowSecond, rule.probeSeconds());
        if (rule.mode() == AbortRule.Mode.OVER) {
            if (f.samples >= rule.minSamples() && rule.op().test(f.value, rule.limit())) {
                return describe(f, rule.windowSeconds());
            }
            return null;
        }
        if (f.samples < rule.minSamples()) {
            return null;
        }
        if (!rule.op().test(f.value, rule.limit())) {
            streakStartMs = -1;
            return null;
        }
        if (streakStartMs < 0) {
            streakStartMs = nowMs;
        }
        if (nowMs - streakStartMs >= rule.windowSeconds() * 1000) {
            return describe(f, rule.probeSeconds()) + ", sustained for " + (nowMs - streakStartMs) / 1000 + "s";
        }
        return null;
    }

    private String describe(Figure f, long seconds) {
        return String.format(Locale.ROOT, "%s: %s was %s%s over the last %ds (%d samples)", rule.describe(),
                rule.metric(), ThresholdVerdict.format(f.value), rule.metric().unit(), seconds, f.samples);
    }

    /** The rule's figure over the seconds (nowSecond − seconds, nowSecond]. */
    Figure figure(long nowSecond, long seconds) {
        long count = 0;
        long hits = 0;
        long sum = 0;
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        long[] buckets = rule.metric().needsDistribution() ? new long[WindowHistogram.BUCKETS] : null;
        for (int i = 0; i < size; i++) {
            Slot s = ring.get(i);
            if (s == null || s.second <= nowSecond - seconds || s.second > nowSecond) {
                continue;
            }
            count += s.count.sum();
            hits += s.hits.sum();
            sum += s.sum.sum();
            max = Math.max(max, s.max.get());
            min = Math.min(min, s.min.get());
            if (buckets != null) {
                s.histogram.addTo(buckets);
            }
        }
        if (count == 0) {
            return new Figure(Double.NaN, 0);
        }
        double value = switch (rule.metric().kind()) {
        case ERRORS, STATUS_RATE -> 100.0 * hits / count;
        case AVG -> (double) sum / count;
        case MAX -> max;
        case MIN -> min;
        case COUNT -> count;
        case MED -> WindowHistogram.percentile(buckets, count, 50);
        case PERCENTILE -> WindowHistogram.percentile(buckets, count, rule.metric().percentileRank());
        case COUNTER -> throw new IllegalStateException("counters have no window");
        };
        return new Figure(value, count);
    }

    record Figure(double value, long samples) {
    }

    private static final class Slot {
        final long second;
        final LongAdder count = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder sum = new LongAdder();
        final AtomicLong max = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
        final WindowHistogram histogram;

        Slot(long second, boolean histogram) {
            this.second = second;
            this.histogram = histogram ? new WindowHistogram() : null;
        }
    }
}

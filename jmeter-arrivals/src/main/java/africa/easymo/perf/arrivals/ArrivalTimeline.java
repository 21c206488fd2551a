package africa.easymo.perf.arrivals;

import africa.easymo.perf.arrivals.ArrivalStage.Spacing;

import java.util.List;
import java.util.Random;

/**
 * The arrival instants of a schedule, in nanoseconds from its start, in order. Arrivals are placed in "cumulative
 * arrivals" space — the integral of the rate — and mapped back to time, so ramps are exact and stages join without a
 * gap or a double arrival: even spacing puts arrival k where the integral reaches k (the first at 0), Poisson spacing
 * adds unit exponential gaps (an inhomogeneous Poisson process with the schedule's rate). Not thread-safe: one
 * scheduler thread owns it.
 */
public final class ArrivalTimeline {
    private final List<ArrivalStage> stages;
    private final Random random;
    private int stage;
    private long stageStartNanos;
    private double stageStartCount;
    private double next;
    private boolean first = true;

    public ArrivalTimeline(ArrivalSchedule schedule, Random random) {
        this.stages = schedule.stages();
        this.random = random;
    }

    /** The next arrival instant (ns from the schedule's start), or -1 when the schedule has no more arrivals. */
    public long nextNanos() {
        while (stage < stages.size()) {
            ArrivalStage s = stages.get(stage);
            if (first && s.spacing() != Spacing.PAUSE && s.arrivals() > 0) {
                // the first gap follows the spacing of the stage where arrivals begin
                next = stageStartCount + (s.spacing() == Spacing.POISSON ? exponential() : 0);
                first = false;
            }
            double end = stageStartCount + s.arrivals();
            if (!first && next < end) {
                double n = next - stageStartCount;
                long at = stageStartNanos + Math.round(s.secondsAt(n) * 1e9);
                next += s.spacing() == Spacing.POISSON ? exponential() : 1.0;
                return Math.min(at, stageStartNanos + s.nanos());
            }
            stageStartNanos += s.nanos();
            stageStartCount = end;
            stage++;
        }
        return -1;
    }

    private double exponential() {
        return -Math.log(1.0 - random.nextDouble());
    }
}

package africa.easymo.perf.journeys.campaign;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine-wide progress of one Campaign Dispatch sampler: one shared cursor hands each batch to exactly one thread;
 * a batch stays <em>outstanding</em> from the moment it is cut until it is acknowledged or given up, so the run is
 * finished only when the cursor is exhausted and nothing is outstanding (a batch waiting for its retry keeps the run
 * going).
 */
public final class DispatchRun {
    private final BatchPlan plan;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicIntegerArray acks;
    private final AtomicIntegerArray abandoned;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    public DispatchRun(BatchPlan plan) {
        this.plan = plan;
        this.acks = new AtomicIntegerArray(plan.batches());
        this.abandoned = new AtomicIntegerArray(plan.batches());
    }

    public BatchPlan plan() {
        return plan;
    }

    /**
     * Cuts the next batch, or null when the slice is exhausted. The batch is outstanding until {@link #acknowledged} or
     * {@link #abandon}.
     */
    public CampaignBatch next() {
        // Counted before the cursor moves, so "exhausted and nothing outstanding" is never seen in between.
        outstanding.incrementAndGet();
        int i = cursor.getAndIncrement();
        if (i >= plan.batches()) {
            outstanding.decrementAndGet();
            return null;
        }
        return plan.batch(i);
    }

    /**
     * Records a 2xx answer for the batch and ends its outstanding time on the first one.
     *
     * @return how many times the dispatcher had already acknowledged it as a fresh send (0 = as it should be)
     */
    public int acknowledged(CampaignBatch b, boolean replay) {
        if (replay) {
            replays.incrementAndGet();
        }
        int before = acks.getAndIncrement(b.index());
        if (before == 0 && abandoned.get(b.index()) == 0) {
            outstanding.decrementAndGet();
        }
        return before;
    }

    /** The batch will not be sent again (refused, or out of attempts). */
    public void abandon(CampaignBatch b) {
        if (abandoned.getAndSet(b.index(), 1) == 0) {
            outstanding.decrementAndGet();
        }
    }

    public void attempted(boolean retry) {
        attempts.incrementAndGet();
        if (retry) {
            retries.incrementAndGet();
        }
    }

    /** Cursor exhausted and no batch outstanding. */
    public boolean finished() {
        return cursor.get() >= plan.batches() && outstanding.get() == 0;
    }

    /** True for exactly one caller once the run finished (or was aborted): that caller ends the test. */
    public boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }

    /** True for the first caller only. */
    public boolean abort() {
        return aborted.compareAndSet(false, true);
    }

    public boolean aborted() {
        return aborted.get();
    }

    public int batchesAcknowledged() {
        int n = 0;
        for (int i = 0; i < acks.length(); i++) {
            n += acks.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    /** Targets of batches never acknowledged. */
    public int targetsUnacknowledged() {
        int n = 0;
        for (int i = 0; i < acks.length(); i++) {
            if (acks.get(i) == 0) {
                n += plan.batch(i).size();
            }
        }
        return n;
    }

    public int batchesAbandoned() {
        int n = 0;
        for (int i = 0; i < abandoned.length(); i++) {
            n += abandoned.get(i) > 0 && acks.get(i) == 0 ? 1 : 0;
        }
        return n;
    }

    public long attempts() {
        return attempts.get();
    }

    public long retries() {
        return retries.get();
    }

    public long replays() {
        return replays.get();
    }

    public int outstanding() {
        return outstanding.get();
    }
}

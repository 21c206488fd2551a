package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.run.EngineShard;

/**
 * How the bulk target list is cut: the engine's shard is one contiguous slice of the list (shard {@code i} of {@code k}
 * holds positions {@code [n·i/k, n·(i+1)/k)}, so the shards are disjoint and together are the whole list), and the
 * slice is cut into batches of {@code batchSize} from its start. Everything is a function of the positions, so the same
 * run cut again gives the same batches and references.
 */
public final class BatchPlan {
    private final int total;
    private final EngineShard shard;
    private final int batchSize;
    private final int from;
    private final int to;
    private final String referencePrefix;

    /**
     * @param referencePrefix
     *            start of every batch reference, e.g. {@code perf-<summary batchReference>}; a batch's reference is
     *            {@code <prefix>-<first position>-<last position>}
     */
    public BatchPlan(int total, EngineShard shard, int batchSize, String referencePrefix) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, was " + total);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        this.total = total;
        this.shard = shard;
        this.batchSize = batchSize;
        this.from = (int) ((long) total * shard.index() / shard.count());
        this.to = (int) ((long) total * (shard.index() + 1) / shard.count());
        this.referencePrefix = referencePrefix;
    }

    /** First position of this engine's slice. */
    public int from() {
        return from;
    }

    /** End (exclusive) of this engine's slice. */
    public int to() {
        return to;
    }

    /** Targets in this engine's slice. */
    public int targets() {
        return to - from;
    }

    public int batchSize() {
        return batchSize;
    }

    public int total() {
        return total;
    }

    public EngineShard shard() {
        return shard;
    }

    /** Batches in this engine's slice. */
    public int batches() {
        return (targets() + batchSize - 1) / batchSize;
    }

    public CampaignBatch batch(int index) {
        if (index < 0 || index >= batches()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batches());
        }
        int start = from + index * batchSize;
        int end = Math.min(to, start + batchSize);
        return new CampaignBatch(index, start, end, referencePrefix + "-" + start + "-" + (end - 1));
    }

    /** The batch references of any run against this list start with this (for the reconciliation). */
    public String referencePrefix() {
        return referencePrefix;
    }
}

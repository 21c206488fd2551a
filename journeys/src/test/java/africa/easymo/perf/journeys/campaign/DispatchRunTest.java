package africa.easymo.perf.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.run.EngineShard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The shared cursor and the shard split: across threads and engines every target in exactly one batch. */
class DispatchRunTest {

    @ParameterizedTest(name = "{0} targets, {1} shards, {2} threads, batches of {3}")
    @CsvSource({ "10000, 1, 8, 100", "10000, 2, 8, 100", "10000, 3, 8, 100", "10001, 7, 5, 100", "999, 4, 3, 64",
            "5, 3, 4, 100", "3, 5, 2, 1", "0, 2, 2, 10" })
    void everyTargetInExactlyOneBatchAcrossThreadsAndShards(int total, int shards, int threads, int batchSize)
            throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, total));
        Set<String> references = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<int[]> ranges = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            BatchPlan plan = new BatchPlan(total, new EngineShard(s, shards), batchSize, "perf-ref");
            ranges.add(new int[] { plan.from(), plan.to() });
            DispatchRun run = new DispatchRun(plan);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        go.await();
                        CampaignBatch b;
                        while ((b = run.next()) != null) {
                            assertThat(b.size()).isBetween(1, batchSize);
                            assertThat(references.add(b.reference())).as("reference %s", b.reference()).isTrue();
                            for (int p = b.from(); p < b.to(); p++) {
                                seen.incrementAndGet(p);
                            }
                            assertThat(run.finished()).isFalse();
                            run.acknowledged(b, false);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(run.finished()).isTrue();
            assertThat(run.targetsUnacknowledged()).isZero();
            assertThat(run.batchesAcknowledged()).isEqualTo(plan.batches());
        }
        for (int p = 0; p < total; p++) {
            assertThat(seen.get(p)).as("position %d", p).isEqualTo(1);
        }
        // Shards are contiguous, ordered, and tile the list.
        assertThat(ranges.get(0)[0]).isZero();
        for (int s = 1; s < shards; s++) {
            assertThat(ranges.get(s)[0]).isEqualTo(ranges.get(s - 1)[1]);
        }
        assertThat(ranges.get(shards - 1)[1]).isEqualTo(total);
    }

    @Test
    void aBatchAwaitingRetryKeepsTheRunUnfinishedAndIsNeverCutAgain() {
        DispatchRun run = new DispatchRun(new BatchPlan(250, new EngineShard(0, 1), 100, "r"));
        CampaignBatch a = run.next();
        CampaignBatch b = run.next();
        CampaignBatch c = run.next();
        assertThat(run.next()).isNull();
        assertThat(List.of(a.reference(), b.reference(), c.reference())).containsExactly("r-0-99", "r-100-199",
                "r-200-249");
        run.acknowledged(a, false);
        run.acknowledged(c, false);
        // b got a 429 and waits in its thread's retry slot: the list is exhausted but the run is not finished.
        assertThat(run.finished()).isFalse();
        assertThat(run.next()).isNull();
        assertThat(run.finished()).isFalse();
        assertThat(run.acknowledged(b, true)).isZero();
        assertThat(run.finished()).isTrue();
        assertThat(run.replays()).isEqualTo(1);
        // A later fresh acknowledgement of the same batch is reported, not counted as a new dispatch.
        assertThat(run.acknowledged(b, false)).isEqualTo(1);
        assertThat(run.claimEnd()).isTrue();
        assertThat(run.claimEnd()).isFalse();
    }

    @Test
    void givenUpBatchEndsItsOutstandingTimeAndCountsAsUnacknowledged() {
        DispatchRun run = new DispatchRun(new BatchPlan(150, new EngineShard(0, 1), 100, "r"));
        CampaignBatch a = run.next();
        CampaignBatch b = run.next();
        run.acknowledged(a, false);
        run.abandon(b);
        run.abandon(b);
        assertThat(run.next()).isNull();
        assertThat(run.finished()).isTrue();
        assertThat(run.outstanding()).isZero();
        assertThat(run.targetsUnacknowledged()).isEqualTo(50);
        assertThat(run.batchesAbandoned()).isEqualTo(1);
    }

    @Test
    void referencesDependOnPositionsNotOnTheShardSplit() {
        BatchPlan whole = new BatchPlan(10_000, new EngineShard(0, 1), 100, "p");
        BatchPlan second = new BatchPlan(10_000, new EngineShard(1, 2), 100, "p");
        Set<String> all = new HashSet<>();
        for (int i = 0; i < whole.batches(); i++) {
            all.add(whole.batch(i).reference());
        }
        for (int i = 0; i < second.batches(); i++) {
            assertThat(all).contains(second.batch(i).reference());
        }
        assertThat(second.from()).isEqualTo(5000);
    }
}

package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.fixture.FixtureTable;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.SeedSummaryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "seed", mixinStandardHelpOptions = true, description = "Upserts the fixture set (idempotent: run it again to finish or refresh) and writes the seed "
        + "summary atomically.")
final class SeedCommand extends FixtureCommand {
    @Override
    public Integer call() {
        run.validate();
        FixturePlan plan = FixturePlan.of(sizes.resolve(root.clock));
        Path summaryPath = run.summaryPath(root.env);
        try (HeapWatch heap = new HeapWatch(); SupabaseTarget target = openTarget()) {
            target.client().onRetry(line -> root.out.println("retry: " + line));
            Map<FixtureTable, Integer> counts = plan.counts();
            long total = counts.values().stream().mapToLong(Integer::longValue).sum();
            root.out.println(String.format(Locale.ROOT, "seeding %s: %,d rows (%s); batches of %d, %d in parallel",
                    target.url(), total, PlanCommand.countsLine(counts), run.batchSize, run.parallelism));
            double secs;
            try (Progress progress = new Progress(root.out, total, Duration.ofSeconds(2), System::nanoTime)) {
                Thread interrupted = interruptNotice(progress, total, summaryPath);
                Runtime.getRuntime().addShutdownHook(interrupted);
                try {
                    new Seeder(target.client(), plan, run.batchSize, run.parallelism, progress).run();
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(interrupted);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running or about to: it says what happened
                    }
                }
                secs = progress.elapsedSeconds();
            }
            root.out.println(String.format(Locale.ROOT,
                    "seeded %,d rows in %.2f s (%,.0f rows/s), %,d campaign targets, %d retries", total, secs,
                    total / Math.max(secs, 1e-3), counts.get(FixtureTable.CAMPAIGN_TARGETS),
                    target.client().retryCount()));
            SeedSummary summary = plan.toSummary();
            try {
                summary.write(summaryPath);
            } catch (SeedSummaryException e) {
                throw SeedToolException.failed(e.getMessage());
            }
            root.out.println(String.format(Locale.ROOT, "heap: peak live %,d MB after %d collections (JVM max %,d MB)",
                    heap.peakLiveBytes() >> 20, heap.collections(), Runtime.getRuntime().maxMemory() >> 20));
            root.out.println(String.format(Locale.ROOT,
                    "summary written to %s (schemaVersion %d, %d stations x %d pool vouchers, %,d bulk targets, "
                            + "batch reference %s)",
                    summaryPath, summary.schemaVersion(), summary.stationRedeemPayloads().size(),
                    summary.redeemPoolPerStation(), summary.campaignDispatch().bulkTargetMsisdns().size(),
                    summary.campaignDispatch().batchReference()));
        }
        return 0;
    }

    /**
     * What Ctrl-C (or a CI timeout's SIGTERM) mid-seed prints: the JVM runs this hook only when it is stopped before
     * the rows are in, and the user's question then is whether the target is now broken. It is not: every row is
     * written idempotently, so a rerun converges.
     */
    private static Thread interruptNotice(Progress progress, long total, Path summaryPath) {
        return new Thread(() -> {
            System.err.println(String.format(Locale.ROOT,
                    "seed-tool: interrupted after %,d of %,d rows; the seed summary %s was not written (a previous "
                            + "one is left as it was). Seeding is idempotent: run `seed-tool seed` again to complete "
                            + "the fixture set.",
                    progress.done(), total, summaryPath));
            System.err.flush();
        }, "seed-tool-interrupted");
    }
}

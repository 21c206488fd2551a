import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.summary.SeedSummary;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/scale, part 1: a seed summary with N campaign targets (default 1,000,000) written, then read once (as the Seed
 * Summary element reads it once per engine) and shared by T threads (default 500) that all draw targets from it at
 * once. Prints the file size, the load time, and the heap it costs (used heap after a full GC, before and after).
 * Run from source: {@code java -cp <lib jar>:<jackson jars> bench/lib/ScaleCheck.java [targets] [threads] [dir]}.
 */
public final class ScaleCheck {
    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("easymo-scale");
        Path file = dir.resolve("perf_seed_summary-" + targets + ".json");

        MsisdnList.Builder msisdns = MsisdnList.builder(targets);
        for (int i = 0; i < targets; i++) {
            msisdns.add(String.format("+2507%08d", i));
        }
        SeedSummary.builder().seedVersion("scale-check").generatedAt(Instant.now())
                .campaignDispatch(new CampaignDispatch("00000000-0000-0000-0000-0000000000c1", "scale-check",
                        msisdns.build()))
                .build().write(file);
        msisdns = null;

        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        SeedSummary summary = SeedSummary.read(file);
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        long afterLoad = usedHeapAfterGc();

        MsisdnList shared = summary.campaignDispatch().bulkTargetMsisdns();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong chars = new AtomicLong();
        long[] peakDuringRun = new long[1];
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    long c = 0;
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < 10_000; i++) {
                        c += shared.get(r.nextInt(shared.size())).length();
                    }
                    chars.addAndGet(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        long t1 = System.nanoTime();
        go.countDown();
        done.await();
        long drawMs = (System.nanoTime() - t1) / 1_000_000;
        peakDuringRun[0] = usedHeapAfterGc();

        System.out.printf("summary: %,d targets, file %,d bytes (%s)%n", shared.size(), Files.size(file), file);
        System.out.printf("load once: %,d ms; heap used %,.1f MB before, %,.1f MB after (+%,.1f MB for the summary)%n",
                loadMs, mb(before), mb(afterLoad), mb(afterLoad - before));
        System.out.printf("shared by %d threads: %,d draws in %,d ms; heap used %,.1f MB after (no per-thread copy)%n",
                threads, threads * 10_000L, drawMs, mb(peakDuringRun[0]));
        if (chars.get() == 0) {
            throw new IllegalStateException("no targets drawn");
        }
        List.of(summary).size();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}

package africa.easymo.perf.lib.summary;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.lib.fixture.FixtureOptions;
import africa.easymo.perf.lib.fixture.FixturePlan;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures loading a summary with a million bulk targets: time and heap. Not part of the normal run (timings on a
 * shared machine are not assertions); run it with
 * {@code mvn -o -pl lib test -Dtest=SummaryLoadMeasurementTest -Dperf.measure=true}.
 */
@EnabledIfSystemProperty(named = "perf.measure", matches = "true")
class SummaryLoadMeasurementTest {
    @Test
    void loadAMillionTargetSummary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("perf_seed_summary.json");
        FixturePlan.of(FixtureOptions.defaults().withBulkTargets(1_000_000)).toSummary().write(f);
        long size = Files.size(f);
        System.gc();
        long before = usedHeap();
        resetPeaks();
        long t0 = System.nanoTime();
        SeedSummary s = SeedSummary.read(f);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        long peak = peakHeap();
        System.gc();
        long retained = usedHeap() - before;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            SeedSummary.read(f);
            best = Math.min(best, (System.nanoTime() - t) / 1_000_000);
        }
        assertThat(s.campaignDispatch().bulkTargetMsisdns().size()).isEqualTo(1_000_000);
        System.out.println(String.format(Locale.ROOT,
                "1M-target summary: file %,d bytes; first load %d ms, best of 5 warm loads %d ms; retained heap %,d KB "
                        + "(MsisdnList %,d KB); heap pools' peak during the first load %,d KB (incl. garbage)",
                size, firstMs, best, retained >> 10, s.campaignDispatch().bulkTargetMsisdns().retainedBytes() >> 10,
                (peak - before) >> 10));
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        long p = 0;
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP) {
                p += m.getPeakUsage().getUsed();
            }
        }
        return p;
    }
}

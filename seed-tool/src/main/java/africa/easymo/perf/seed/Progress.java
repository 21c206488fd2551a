package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixtureTable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Console progress of a seed: a line per finished table and, while rows flow, a periodic line with the rate and the
 * estimated time left.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final long total;
    private final LongSupplier nanos;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private final Map<FixtureTable, AtomicLong> perTable = new EnumMap<>(FixtureTable.class);
    private final Map<FixtureTable, Long> tableStart = new EnumMap<>(FixtureTable.class);
    private final ScheduledExecutorService ticker;

    Progress(PrintStream out, long total, Duration interval, LongSupplier nanos) {
        this.out = out;
        this.total = total;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        for (FixtureTable t : FixtureTable.values()) {
            perTable.put(t, new AtomicLong());
        }
        if (interval.isZero()) {
            ticker = null;
        } else {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seed-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    synchronized void tableStarted(FixtureTable t) {
        tableStart.put(t, nanos.getAsLong());
    }

    void rowsDone(FixtureTable t, int rows) {
        perTable.get(t).addAndGet(rows);
        done.addAndGet(rows);
    }

    void tableDone(FixtureTable t) {
        long began;
        synchronized (this) {
            began = tableStart.getOrDefault(t, start);
        }
        double secs = (nanos.getAsLong() - began) / 1e9;
        long n = perTable.get(t).get();
        line(String.format(Locale.ROOT, "  %-17s %,10d rows in %6.2f s (%,.0f rows/s)", t.tableName(), n, secs,
                secs > 0 ? n / secs : 0));
    }

    private void tick() {
        long d = done.get();
        if (d == 0 || d >= total) {
            return;
        }
        double secs = elapsedSeconds();
        double rate = d / Math.max(secs, 1e-3);
        double eta = (total - d) / Math.max(rate, 1e-3);
        line(String.format(Locale.ROOT, "progress: %,d/%,d rows (%.0f%%), %,.0f rows/s, ETA %.0f s", d, total,
                100.0 * d / total, rate, eta));
    }

    double elapsedSeconds() {
        return (nanos.getAsLong() - start) / 1e9;
    }

    long done() {
        return done.get();
    }

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}

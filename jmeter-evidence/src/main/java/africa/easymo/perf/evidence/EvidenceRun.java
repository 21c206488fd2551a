package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.metrics.MetricsScraper;
import africa.easymo.perf.evidence.metrics.MetricsSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The run folder and what the evidence elements of one engine share during a run. The first element to start creates
 * it, the last to end lets it go; whichever order JMeter calls them in, they all see the same folder.
 */
public final class EvidenceRun {

    private static EvidenceRun current;
    private static int holders;

    private final String plan;
    private final Path root;
    private final Path folder;
    private final Instant started;
    private MetricsScraper collector;
    private MetricsSummary metrics;

    private EvidenceRun(String plan, Path root, Path folder, Instant started) {
        this.plan = plan;
        this.root = root;
        this.folder = folder;
        this.started = started;
    }

    /** testStarted of an evidence element. */
    public static synchronized EvidenceRun join() {
        if (current == null) {
            Instant now = Instant.now();
            String plan = EvidenceLayout.planName();
            Path root = EvidenceLayout.root();
            try {
                current = new EvidenceRun(plan, root, EvidenceLayout.createRunFolder(root, plan, now), now);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the run folder under " + root + ": " + e, e);
            }
        }
        holders++;
        return current;
    }

    /** testEnded of an evidence element that joined. */
    public static synchronized void leave(EvidenceRun run) {
        if (run == current && --holders <= 0) {
            current = null;
            holders = 0;
        }
    }

    public String plan() {
        return plan;
    }

    public Path root() {
        return root;
    }

    public Path folder() {
        return folder;
    }

    public Instant started() {
        return started;
    }

    /** A file of this run: {@code <folder>/<plan><suffix>}. */
    public Path file(String suffix) {
        return folder.resolve(plan + suffix);
    }

    /** The run's metrics collector (one per run), stopped and summarised when the evidence is written. */
    public synchronized void attach(MetricsScraper c) {
        collector = c;
    }

    /** What the run's metrics collector has gathered so far; empty when the plan has none (or it was stopped). */
    public java.util.Optional<africa.easymo.perf.evidence.metrics.MetricsLatest> liveMetrics() {
        MetricsScraper c;
        synchronized (this) {
            c = collector;
        }
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.latest());
    }

    /**
     * Stops the metrics collector if it still runs and returns what it gathered; null when the plan has no collector.
     */
    public MetricsSummary finishMetrics() {
        MetricsScraper c;
        synchronized (this) {
            c = collector;
            collector = null;
        }
        if (c != null) {
            MetricsSummary m = c.stop();
            synchronized (this) {
                metrics = m;
            }
        }
        synchronized (this) {
            return metrics;
        }
    }
}

package africa.easymo.perf.evidence.live;

import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.LatencyDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The run's figures over time, one point per tick (a second): per label the rate, p50/p95/p99 and error rate of the
 * samples recorded since the previous tick, status codes per second, active threads and every counter's total. Each
 * point is the difference of two whole-run snapshots, so the sample path pays nothing for it; the percentiles are exact
 * for the samples of that window.
 *
 * <p>
 * Not thread-safe: one thread ticks it (the dashboard's); the JSON it gives is a copy.
 */
public final class LiveSeries {

    /** Points kept: two hours of seconds; older ones are dropped first. */
    public static final int MAX_POINTS = 7200;
    public static final String TOTAL = "TOTAL";

    private final int maxPoints;
    private final List<Double> time = new ArrayList<>();
    private final List<Double> threads = new ArrayList<>();
    private final Map<String, LabelSeries> labels = new LinkedHashMap<>();
    private final Map<String, List<Double>> codes = new TreeMap<>();
    private final Map<String, List<Double>> counters = new TreeMap<>();
    private final Map<String, LabelSnapshot> previous = new LinkedHashMap<>();
    private long previousMs;
    /** Points dropped from the front: the sequence number of the oldest point kept. */
    private long dropped;

    /**
     * @param startMs
     *            when the run started: the first point covers the time since.
     */
    public LiveSeries(long startMs) {
        this(startMs, MAX_POINTS);
    }

    LiveSeries(long startMs, int maxPoints) {
        this.previousMs = startMs;
        this.maxPoints = maxPoints;
    }

    private static final class LabelSeries {
        final List<Double> rate = new ArrayList<>();
        final List<Double> p50 = new ArrayList<>();
        final List<Double> p95 = new ArrayList<>();
        final List<Double> p99 = new ArrayList<>();
        final List<Double> errorPct = new ArrayList<>();

        List<List<Double>> all() {
            return List.of(rate, p50, p95, p99, errorPct);
        }
    }

    public int points() {
        return time.size();
    }

    /** The sequence number the next point will take: points are numbered from 0 in the order they were added. */
    public long next() {
        return dropped + time.size();
    }

    /**
     * Adds the point at {@code nowMs}.
     *
     * @param labelSnapshots
     *            each label's whole-run figures now
     * @param total
     *            the run total now
     */
    public void tick(long nowMs, List<LabelSnapshot> labelSnapshots, LabelSnapshot total, int activeThreads,
            Map<String, Long> counterTotals) {
        double seconds = Math.max(0.001, (nowMs - previousMs) / 1000.0);
        int index = time.size();
        time.add(nowMs / 1000.0);
        threads.add((double) activeThreads);
        List<LabelSnapshot> all = new ArrayList<>();
        all.add(total);
        all.addAll(labelSnapshots);
        for (int i = 0; i < all.size(); i++) {
            LabelSnapshot now = all.get(i);
            String name = i == 0 ? TOTAL : now.label();
            if (i > 0 && TOTAL.equals(name)) {
                continue;
            }
            LabelSeries s = labels.computeIfAbsent(name, k -> padded(new LabelSeries(), index));
            LabelSnapshot before = previous.get(name);
            long count = now.count() - (before == null ? 0 : before.count());
            long errors = now.errors() - (before == null ? 0 : before.errors());
            LatencyDistribution window = before == null ? now.latency() : now.latency().minus(before.latency());
            s.rate.add(count / seconds);
            if (window.isEmpty()) {
                s.p50.add(null);
                s.p95.add(null);
                s.p99.add(null);
                s.errorPct.add(null);
            } else {
                s.p50.add((double) window.percentile(50));
                s.p95.add((double) window.percentile(95));
                s.p99.add((double) window.percentile(99));
                s.errorPct.add(count <= 0 ? null : 100.0 * Math.max(0, errors) / count);
            }
            previous.put(name, now);
        }
        for (LabelSeries s : labels.values()) {
            for (List<Double> l : s.all()) {
                pad(l, index + 1);
            }
        }
        LabelSnapshot totalBefore = previous.get(TOTAL + "#codes");
        for (Map.Entry<String, Long> e : total.statusCodes().entrySet()) {
            long before = totalBefore == null ? 0 : totalBefore.statusCodes().getOrDefault(e.getKey(), 0L);
            codes.computeIfAbsent(e.getKey(), k -> pad(new ArrayList<>(), index))
                    .add((e.getValue() - before) / seconds);
        }
        codes.values().forEach(l -> pad(l, index + 1));
        previous.put(TOTAL + "#codes", total);
        for (Map.Entry<String, Long> e : counterTotals.entrySet()) {
            counters.computeIfAbsent(e.getKey(), k -> pad(new ArrayList<>(), index)).add((double) e.getValue());
        }
        counters.values().forEach(l -> pad(l, index + 1));
        previousMs = nowMs;
        if (time.size() > maxPoints) {
            dropOldest();
        }
    }

    private void dropOldest() {
        dropped++;
        time.remove(0);
        threads.remove(0);
        labels.values().forEach(s -> s.all().forEach(l -> l.remove(0)));
        codes.values().forEach(l -> l.remove(0));
        counters.values().forEach(l -> l.remove(0));
    }

    private static LabelSeries padded(LabelSeries s, int n) {
        s.all().forEach(l -> pad(l, n));
        return s;
    }

    private static List<Double> pad(List<Double> l, int n) {
        while (l.size() < n) {
            l.add(null);
        }
        return l;
    }

    /**
     * {@code {"from":seq, "next":seq, "t":[epoch s...], "threads":[...], "labels":{label:{"rate","p50","p95","p99",
     * "errorPct"}}, "codes":{code: [per s]}, "counters":{name:[total]}}}; a label first seen later has nulls before.
     * {@code from} is the sequence number of the first point given, {@code next} that of the point after the last.
     */
    public ObjectNode toJson() {
        return toJson(Integer.MAX_VALUE);
    }

    /** The same, with only the last {@code last} points. */
    public ObjectNode toJson(int last) {
        return since(next() - Math.max(0, last));
    }

    /**
     * The points from sequence number {@code from} on (those still kept): what a watcher that already holds the points
     * before {@code from} appends, so that a poll costs the points it adds, not the run's length.
     */
    public ObjectNode since(long from) {
        long first = Math.max(dropped, Math.min(from, next()));
        int at = (int) (first - dropped);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("from", first);
        root.put("next", next());
        root.set("t", array(time, at));
        root.set("threads", array(threads, at));
        ObjectNode ls = root.putObject("labels");
        labels.forEach((name, s) -> {
            ObjectNode o = ls.putObject(name);
            o.set("rate", array(s.rate, at));
            o.set("p50", array(s.p50, at));
            o.set("p95", array(s.p95, at));
            o.set("p99", array(s.p99, at));
            o.set("errorPct", array(s.errorPct, at));
        });
        ObjectNode cs = root.putObject("codes");
        codes.forEach((k, v) -> cs.set(k, array(v, at)));
        ObjectNode ks = root.putObject("counters");
        counters.forEach((k, v) -> ks.set(k, array(v, at)));
        return root;
    }

    static ArrayNode array(List<Double> all, int from) {
        List<Double> values = all.subList(Math.min(from, all.size()), all.size());
        ArrayNode a = JsonNodeFactory.instance.arrayNode(values.size());
        for (Double v : values) {
            if (v == null || v.isNaN() || v.isInfinite()) {
                a.addNull();
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                a.add(v.longValue());
            } else {
                a.add(Math.round(v * 1000) / 1000.0);
            }
        }
        return a;
    }
}

package africa.easymo.perf.testplans.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JMeter CSV JTL cut into equal time buckets, each with exact latency percentiles and rates. Reads the file twice
 * (once for the time span, once to bucket) so that a million-row JTL costs one int per sample and no row objects.
 */
public final class JtlTimeline {

    /** Aim for about this many points per chart: enough to see a ramp, few enough to read. */
    static final int TARGET_BUCKETS = 60;

    /** One time bucket; percentiles are NaN when it holds no sample. */
    public record Bucket(double startSeconds, int samples, int errors, double p50, double p95, double p99,
            double samplesPerSecond, double errorsPerSecond) {
    }

    private final long startMillis;
    private final long bucketMillis;
    private final List<Bucket> buckets;

    private JtlTimeline(long startMillis, long bucketMillis, List<Bucket> buckets) {
        this.startMillis = startMillis;
        this.bucketMillis = bucketMillis;
        this.buckets = List.copyOf(buckets);
    }

    public long startMillis() {
        return startMillis;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    public List<Bucket> buckets() {
        return buckets;
    }

    public int samples() {
        return buckets.stream().mapToInt(Bucket::samples).sum();
    }

    /** Whole seconds, at least one, so that about {@link #TARGET_BUCKETS} buckets cover the span. */
    static long bucketMillisFor(long spanMillis) {
        long seconds = (spanMillis + TARGET_BUCKETS * 1000L - 1) / (TARGET_BUCKETS * 1000L);
        return Math.max(1, seconds) * 1000L;
    }

    /**
     * Reads a CSV JTL whose header names {@code timeStamp}, {@code elapsed} and {@code success} (epoch-millisecond time
     * stamps, as the plans write them).
     *
     * @throws IOException
     *             when the file cannot be read or is not such a JTL
     */
    public static JtlTimeline read(Path jtl) throws IOException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (Rows rows = new Rows(jtl)) {
            for (long[] r = rows.next(); r != null; r = rows.next()) {
                first = Math.min(first, r[0]);
                last = Math.max(last, r[0]);
            }
        }
        if (first == Long.MAX_VALUE) {
            return new JtlTimeline(0, 1000, List.of());
        }
        long width = bucketMillisFor(last - first + 1);
        int n = (int) ((last - first) / width) + 1;
        int[][] values = new int[n][];
        int[] counts = new int[n];
        int[] errors = new int[n];
        try (Rows rows = new Rows(jtl)) {
            for (long[] r = rows.next(); r != null; r = rows.next()) {
                int b = (int) ((r[0] - first) / width);
                if (values[b] == null) {
                    values[b] = new int[16];
                } else if (counts[b] == values[b].length) {
                    values[b] = Arrays.copyOf(values[b], counts[b] * 2);
                }
                values[b][counts[b]++] = (int) Math.min(Integer.MAX_VALUE, r[1]);
                if (r[2] == 0) {
                    errors[b]++;
                }
            }
        }
        List<Bucket> out = new ArrayList<>(n);
        double seconds = width / 1000.0;
        for (int b = 0; b < n; b++) {
            int[] v = counts[b] == 0 ? new int[0] : Arrays.copyOf(values[b], counts[b]);
            values[b] = null;
            Arrays.sort(v);
            out.add(new Bucket(b * seconds, counts[b], errors[b], percentile(v, 50), percentile(v, 95),
                    percentile(v, 99), counts[b] / seconds, errors[b] / seconds));
        }
        return new JtlTimeline(first, width, out);
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it; always an observed value. */
    static double percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /** Streams (timeStamp, elapsed, success as 1/0) triples; quoted fields may hold commas, quotes and line breaks. */
    private static final class Rows implements AutoCloseable {
        private final BufferedReader in;
        private final int timeStamp;
        private final int elapsed;
        private final int success;
        private final int needed;
        private final StringBuilder field = new StringBuilder();
        private long line = 1;

        Rows(Path jtl) throws IOException {
            in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8);
            List<String> header = record();
            if (header == null) {
                in.close();
                throw new IOException(jtl + " is empty: no JTL header");
            }
            timeStamp = header.indexOf("timeStamp");
            elapsed = header.indexOf("elapsed");
            success = header.indexOf("success");
            if (timeStamp < 0 || elapsed < 0 || success < 0) {
                in.close();
                throw new IOException(jtl + " is not a CSV JTL with timeStamp, elapsed and success columns");
            }
            needed = Math.max(timeStamp, Math.max(elapsed, success)) + 1;
        }

        long[] next() throws IOException {
            for (List<String> r = record(); r != null; r = record()) {
                if (r.size() < needed) {
                    continue; // a row cut short, e.g. by a killed JMeter: not a sample
                }
                try {
                    return new long[] { Long.parseLong(r.get(timeStamp)), Long.parseLong(r.get(elapsed)),
                            Boolean.parseBoolean(r.get(success)) ? 1 : 0 };
                } catch (NumberFormatException e) {
                    throw new IOException("JTL line " + line + ": timeStamp or elapsed is not a whole number", e);
                }
            }
            return null;
        }

        private List<String> record() throws IOException {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            boolean quoted = false;
            field.setLength(0);
            for (; c >= 0; c = in.read()) {
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        if (in.read() == '"') {
                            field.append('"');
                        } else {
                            in.reset();
                            quoted = false;
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n') {
                    break;
                } else if (c != '\r') {
                    field.append((char) c);
                }
                if (c == '\n') {
                    line++;
                }
            }
            line++;
            fields.add(field.toString());
            return fields;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The arithmetic of bench/run, run from source with the JDK alone ({@code java bench/lib/BenchReport.java ...}).
 *
 * <p>
 * {@code run key=value...} turns one JMeter run (its CSV JTL, the generator's CPU/RSS samples, the target's accepted
 * connection count) into one metrics file. {@code summary out=<json> [meta.k=v...] <metrics files>} groups those by
 * variant, prints medians and ranges, and writes them as JSON. Definitions are in docs/bench.md.
 */
public final class BenchReport {

    /** Metrics in table order: key, column heading, decimals. */
    private static final String[][] METRICS = { { "rps_last5s", "req/s last 5 s", "0" },
            { "cpu_us_per_req", "CPU µs/req", "0" }, { "p99_ms", "p99 ms", "0" },
            { "p99_warm_ms", "p99 warm ms", "0" },
            { "seconds_within_10pct", "% s within ±10 %", "0" }, { "rate_error_pct", "rate err %", "2" },
            { "new_connections", "new conns", "0" }, { "peak_rss_mb", "peak RSS MB", "0" },
            { "max_threads", "max threads", "0" }, { "errors", "errors", "0" }, { "cut_at_end", "cut at end", "0" },
            { "samples", "samples", "0" },
            { "hung", "hung", "0" } };

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BenchReport run|summary ...");
        }
        switch (args[0]) {
        case "run" -> run(keyValues(Arrays.copyOfRange(args, 1, args.length)));
        case "summary" -> summary(Arrays.copyOfRange(args, 1, args.length));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Map<String, String> keyValues(String[] args) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + a);
            }
            kv.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return kv;
    }

    private static String need(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }

    // ---------------------------------------------------------------- one run

    private static void run(Map<String, String> kv) throws IOException {
        Path jtl = Path.of(need(kv, "jtl"));
        Path cpu = Path.of(need(kv, "cpu"));
        String model = need(kv, "model");
        double durationS = Double.parseDouble(need(kv, "duration"));
        double warmupS = Double.parseDouble(need(kv, "warmup"));
        double rate = Double.parseDouble(kv.getOrDefault("rate", "0"));
        long clkTck = Long.parseLong(kv.getOrDefault("clk_tck", "100"));
        long conns = Long.parseLong(need(kv, "new_connections"));

        Samples s = Samples.read(jtl);
        if (s.size == 0) {
            throw new IllegalStateException(jtl + ": no samples");
        }
        long t0 = s.minStart();
        long tEnd = t0 + Math.round(durationS * 1000);
        long warmEnd = t0 + Math.round(warmupS * 1000);

        int inRun = 0;
        int errors = 0;
        int cutAtEnd = 0;
        int maxThreads = 0;
        int seconds = (int) Math.round(durationS);
        long[] perSecond = new long[seconds];
        int[] elapsed = new int[s.size];
        int[] warmElapsed = new int[s.size];
        int warm = 0;
        long last5 = 0;
        for (int i = 0; i < s.size; i++) {
            long st = s.start[i];
            if (st < t0 || st >= tEnd) {
                continue;
            }
            elapsed[inRun++] = s.elapsed[i];
            if (st >= warmEnd) {
                warmElapsed[warm++] = s.elapsed[i];
            }
            if (!s.success[i]) {
                // A thread group that interrupts its threads at the end of the schedule fails what is in flight:
                // that is how the run ends, not an answer the target gave.
                if (st + s.elapsed[i] >= tEnd) {
                    cutAtEnd++;
                } else {
                    errors++;
                }
            }
            maxThreads = Math.max(maxThreads, s.allThreads[i]);
            int sec = (int) ((st - t0) / 1000);
            if (sec < seconds) {
                perSecond[sec]++;
            }
            if (st >= tEnd - 5000) {
                last5++;
            }
        }
        int[] lat = Arrays.copyOf(elapsed, inRun);
        Arrays.sort(lat);
        // The same percentile without the warm-up seconds the CPU figure leaves out: cold start (class loading,
        // interpreted code, first connections) is real but says little about a long run.
        int[] warmLat = Arrays.copyOf(warmElapsed, warm);
        Arrays.sort(warmLat);

        // Closed model: no target rate, so stability is judged against the run's own warm mean.
        int firstSecond = "open".equals(model) ? 0 : (int) Math.ceil(warmupS);
        double reference;
        if ("open".equals(model)) {
            reference = rate;
        } else {
            long sum = 0;
            for (int k = firstSecond; k < seconds; k++) {
                sum += perSecond[k];
            }
            reference = (double) sum / Math.max(1, seconds - firstSecond);
        }
        int within = 0;
        for (int k = firstSecond; k < seconds; k++) {
            if (Math.abs(perSecond[k] - reference) <= 0.1 * reference) {
                within++;
            }
        }

        CpuTrace trace = CpuTrace.read(cpu);
        long cpuWindowEnd = Math.min(tEnd, s.maxEnd());
        int samplesInCpuWindow = 0;
        for (int i = 0; i < s.size; i++) {
            long end = s.start[i] + s.elapsed[i];
            if (end >= warmEnd && end < cpuWindowEnd) {
                samplesInCpuWindow++;
            }
        }
        double cpuTicks = trace.ticksAt(cpuWindowEnd) - trace.ticksAt(warmEnd);
        double cpuUsPerReq = samplesInCpuWindow == 0 ? Double.NaN
                : cpuTicks * 1_000_000.0 / clkTck / samplesInCpuWindow;

        Properties out = new Properties();
        out.setProperty("variant", need(kv, "variant"));
        out.setProperty("rep", need(kv, "rep"));
        out.setProperty("model", model);
        out.setProperty("samples", Integer.toString(inRun));
        out.setProperty("errors", Integer.toString(errors));
        out.setProperty("cut_at_end", Integer.toString(cutAtEnd));
        out.setProperty("rps_last5s", fmt(last5 / 5.0, 1));
        out.setProperty("cpu_us_per_req", fmt(cpuUsPerReq, 1));
        out.setProperty("p50_ms", Integer.toString(percentile(lat, 50)));
        out.setProperty("p99_ms", Integer.toString(percentile(lat, 99)));
        out.setProperty("p99_warm_ms", Integer.toString(percentile(warmLat, 99)));
        out.setProperty("max_ms", Integer.toString(lat.length == 0 ? 0 : lat[lat.length - 1]));
        out.setProperty("seconds_within_10pct", fmt(100.0 * within / Math.max(1, seconds - firstSecond), 1));
        out.setProperty("rate_error_pct",
                "open".equals(model) ? fmt(100.0 * (inRun / durationS - rate) / rate, 3) : "NaN");
        out.setProperty("new_connections", Long.toString(conns));
        out.setProperty("peak_rss_mb", fmt(trace.peakRssKb / 1024.0, 0));
        out.setProperty("max_threads", Integer.toString(maxThreads));
        out.setProperty("hung", kv.getOrDefault("hung", "0"));
        out.setProperty("per_second", joinLongs(perSecond));
        try (Writer w = Files.newBufferedWriter(Path.of(need(kv, "out")), StandardCharsets.UTF_8)) {
            out.store(w, null);
        }
    }

    private static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String joinLongs(long[] values) {
        StringBuilder b = new StringBuilder();
        for (long v : values) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(v);
        }
        return b.toString();
    }

    private static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The columns of a CSV JTL that the metrics need, with sample start times (ms since the epoch). */
    private static final class Samples {
        int size;
        long[] start = new long[1024];
        int[] elapsed = new int[1024];
        boolean[] success = new boolean[1024];
        int[] allThreads = new int[1024];

        static Samples read(Path jtl) throws IOException {
            Samples s = new Samples();
            try (BufferedReader r = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
                String header = r.readLine();
                if (header == null) {
                    return s;
                }
                List<String> cols = Arrays.asList(header.split(","));
                int cTs = column(cols, "timeStamp", jtl);
                int cEl = column(cols, "elapsed", jtl);
                int cOk = column(cols, "success", jtl);
                int cAll = column(cols, "allThreads", jtl);
                // bench/run sets sampleresult.timestamp.start=true; the default would stamp the end instead.
                boolean stampIsEnd = Boolean.parseBoolean(System.getProperty("bench.stampIsEnd", "false"));
                String line;
                List<String> f = new ArrayList<>();
                while ((line = r.readLine()) != null) {
                    split(line, f);
                    if (f.size() < cols.size()) {
                        continue;
                    }
                    s.ensure();
                    int el = Integer.parseInt(f.get(cEl));
                    long ts = Long.parseLong(f.get(cTs));
                    s.start[s.size] = stampIsEnd ? ts - el : ts;
                    s.elapsed[s.size] = el;
                    s.success[s.size] = Boolean.parseBoolean(f.get(cOk));
                    s.allThreads[s.size] = Integer.parseInt(f.get(cAll));
                    s.size++;
                }
            }
            return s;
        }

        private static int column(List<String> cols, String name, Path jtl) {
            int i = cols.indexOf(name);
            if (i < 0) {
                throw new IllegalStateException(jtl + ": JTL header has no column " + name);
            }
            return i;
        }

        /** CSV split that honours JMeter's double-quoted fields (failure messages may hold commas). */
        private static void split(String line, List<String> out) {
            out.clear();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
        }

        private void ensure() {
            if (size == start.length) {
                int n = size * 2;
                start = Arrays.copyOf(start, n);
                elapsed = Arrays.copyOf(elapsed, n);
                success = Arrays.copyOf(success, n);
                allThreads = Arrays.copyOf(allThreads, n);
            }
        }

        long minStart() {
            long m = Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                m = Math.min(m, start[i]);
            }
            return m;
        }

        long maxEnd() {
            long m = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                m = Math.max(m, start[i] + elapsed[i]);
            }
            return m;
        }
    }

    /** Lines "epoch_us utime stime vmhwm_kb" sampled from /proc/<pid> of the JMeter JVM by bench/run. */
    private static final class CpuTrace {
        final List<long[]> points = new ArrayList<>();
        long peakRssKb;

        static CpuTrace read(Path file) throws IOException {
            CpuTrace t = new CpuTrace();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                long ms = Long.parseLong(f[0]) / 1000;
                long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]);
                t.points.add(new long[] { ms, ticks });
                t.peakRssKb = Math.max(t.peakRssKb, Long.parseLong(f[3]));
            }
            if (t.points.size() < 2) {
                throw new IllegalStateException(file + ": fewer than two CPU samples of the JMeter JVM");
            }
            return t;
        }

        /** CPU ticks used by the JVM at time {@code ms}, interpolated between the samples either side. */
        double ticksAt(long ms) {
            long[] prev = points.get(0);
            if (ms <= prev[0]) {
                return prev[1];
            }
            for (long[] p : points) {
                if (p[0] >= ms) {
                    double f = p[0] == prev[0] ? 0 : (double) (ms - prev[0]) / (p[0] - prev[0]);
                    return prev[1] + f * (p[1] - prev[1]);
                }
                prev = p;
            }
            return prev[1];
        }
    }

    // ---------------------------------------------------------------- summary

    private static void summary(String[] args) throws IOException {
        Path out = null;
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, List<Properties>> byVariant = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("out=")) {
                out = Path.of(a.substring(4));
            } else if (a.startsWith("meta.")) {
                int eq = a.indexOf('=');
                meta.put(a.substring(5, eq), a.substring(eq + 1));
            } else {
                Properties p = new Properties();
                try (BufferedReader r = Files.newBufferedReader(Path.of(a), StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                byVariant.computeIfAbsent(p.getProperty("variant"), k -> new ArrayList<>()).add(p);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("missing out=<json>");
        }

        List<String[]> rows = new ArrayList<>();
        String[] heading = new String[METRICS.length + 1];
        heading[0] = "variant";
        for (int i = 0; i < METRICS.length; i++) {
            heading[i + 1] = METRICS[i][1];
        }
        rows.add(heading);
        StringBuilder json = new StringBuilder("{\n  \"generatedAt\": \"").append(Instant.now()).append("\",\n");
        json.append("  \"meta\": {");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            json.append(first ? "" : ",").append("\n    ").append(quote(e.getKey())).append(": ")
                    .append(quote(e.getValue()));
            first = false;
        }
        json.append("\n  },\n  \"variants\": {");
        boolean firstVariant = true;
        for (Map.Entry<String, List<Properties>> v : byVariant.entrySet()) {
            List<Properties> runs = v.getValue();
            String[] row = new String[METRICS.length + 1];
            row[0] = v.getKey();
            int col = 1;
            json.append(firstVariant ? "" : ",").append("\n    ").append(quote(v.getKey())).append(": {\n");
            json.append("      \"model\": ").append(quote(runs.get(0).getProperty("model"))).append(",\n");
            json.append("      \"runs\": ").append(runs.size());
            firstVariant = false;
            for (String[] m : METRICS) {
                double[] values = runs.stream().mapToDouble(p -> Double.parseDouble(p.getProperty(m[0], "NaN")))
                        .filter(d -> !Double.isNaN(d)).sorted().toArray();
                String cell;
                json.append(",\n      ").append(quote(m[0])).append(": ");
                if (values.length == 0) {
                    cell = "n/a";
                    json.append("null");
                } else {
                    double med = median(values);
                    int d = Integer.parseInt(m[2]);
                    cell = "hung".equals(m[0]) ? (long) Arrays.stream(values).sum() + " of " + runs.size()
                            : fmt(med, d) + (values.length > 1
                            ? " [" + fmt(values[0], d) + "–" + fmt(values[values.length - 1], d) + "]"
                            : "");
                    json.append("{\"median\": ").append(num(med)).append(", \"min\": ").append(num(values[0]))
                            .append(", \"max\": ").append(num(values[values.length - 1])).append(", \"values\": [");
                    for (int i = 0; i < runs.size(); i++) {
                        json.append(i == 0 ? "" : ", ").append(num(Double.parseDouble(runs.get(i).getProperty(m[0], "NaN"))));
                    }
                    json.append("]}");
                }
                row[col++] = cell;
            }
            json.append(",\n      \"perSecond\": [");
            for (int i = 0; i < runs.size(); i++) {
                json.append(i == 0 ? "" : ", ").append('[')
                        .append(runs.get(i).getProperty("per_second", "").trim().replace(' ', ',')).append(']');
            }
            json.append("]\n    }");
            rows.add(row);
        }
        int[] width = new int[heading.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    table.append(" | ");
                }
                String f = i == 0 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
                table.append(String.format(Locale.ROOT, f, r[i]));
            }
            table.append('\n');
        }
        json.append("\n  }\n}\n");
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, json.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.print(table);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : fmt(v, 3);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            default -> {
                if (c < 0x20) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            }
        }
        return b.append('"').toString();
    }

    private BenchReport() {
    }
}

package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A CSV JTL read back: JMeter's default CSV columns, located by the header so an extra or reordered column never shifts
 * a value. Quoted fields (a failure message with a comma, quote or line break) are handled.
 */
public final class Jtl {
    private static final List<String> REQUIRED = List.of("timeStamp", "elapsed", "label", "responseCode", "success");

    private final Path file;
    private final List<JtlSample> samples;

    private Jtl(Path file, List<JtlSample> samples) {
        this.file = file;
        this.samples = Collections.unmodifiableList(samples);
    }

    /** Reads a JTL; a missing file or a file with only a header reads as no samples. */
    public static Jtl read(Path file) {
        if (!Files.exists(file)) {
            return new Jtl(file, List.of());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<List<String>> rows = parse(reader);
            if (rows.isEmpty()) {
                return new Jtl(file, List.of());
            }
            Map<String, Integer> columns = new HashMap<>();
            List<String> header = rows.get(0);
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i), i);
            }
            for (String name : REQUIRED) {
                if (!columns.containsKey(name)) {
                    throw new IllegalStateException(file + ": JTL header has no column '" + name + "': " + header);
                }
            }
            List<JtlSample> samples = new ArrayList<>(rows.size() - 1);
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                samples.add(toSample(file, r, row, columns));
            }
            return new Jtl(file, samples);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read JTL " + file + ": " + e.getMessage(), e);
        }
    }

    private static JtlSample toSample(Path file, int row, List<String> values, Map<String, Integer> columns) {
        try {
            return new JtlSample(num(values, columns, "timeStamp"), num(values, columns, "elapsed"),
                    text(values, columns, "label"), text(values, columns, "responseCode"),
                    text(values, columns, "responseMessage"), text(values, columns, "threadName"),
                    Boolean.parseBoolean(text(values, columns, "success")), text(values, columns, "failureMessage"),
                    num(values, columns, "bytes"), num(values, columns, "sentBytes"), text(values, columns, "URL"),
                    num(values, columns, "Latency"), num(values, columns, "Connect"));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": row " + row + ": " + e.getMessage(), e);
        }
    }

    private static String text(List<String> values, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= values.size() ? "" : values.get(i);
    }

    private static long num(List<String> values, Map<String, Integer> columns, String name) {
        String v = text(values, columns, name);
        return v.isEmpty() ? 0 : Long.parseLong(v.trim());
    }

    /** RFC 4180-style CSV as JMeter writes it (comma, double quotes, doubled quotes inside). */
    static List<List<String>> parse(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        ch = (char) next;
                        // fall through to the unquoted handling of the char after the closing quote
                        if (ch == ',') {
                            row.add(field.toString());
                            field.setLength(0);
                        } else if (ch == '\n') {
                            row.add(field.toString());
                            field.setLength(0);
                            rows.add(row);
                            row = new ArrayList<>();
                            any = false;
                        } else if (ch != '\r') {
                            field.append(ch);
                        }
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
        if (any || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    public Path file() {
        return file;
    }

    public List<JtlSample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public List<JtlSample> withLabel(String label) {
        return filter(s -> s.is(label));
    }

    public List<JtlSample> filter(Predicate<JtlSample> predicate) {
        return samples.stream().filter(predicate).toList();
    }

    /** Sample count per label, in first-seen order. */
    public Map<String, Long> countByLabel() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JtlSample s : samples) {
            counts.merge(s.label(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * The exact percentile (nearest rank, as k6 and JMeter's dashboard compute it) of the elapsed times of the samples
     * with this label; -1 when there are none.
     */
    public long percentile(String label, double percent) {
        return percentileOf(withLabel(label), percent);
    }

    public static long percentileOf(List<JtlSample> samples, double percent) {
        if (samples.isEmpty()) {
            return -1;
        }
        long[] elapsed = samples.stream().mapToLong(JtlSample::elapsed).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100.0 * elapsed.length);
        return elapsed[Math.max(0, Math.min(elapsed.length - 1, rank - 1))];
    }

    /** First sample start to last sample start, in milliseconds; 0 with fewer than two samples. */
    public static long startSpanMillis(List<JtlSample> samples) {
        if (samples.size() < 2) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (JtlSample s : samples) {
            min = Math.min(min, s.timeStamp());
            max = Math.max(max, s.timeStamp());
        }
        return max - min;
    }
}

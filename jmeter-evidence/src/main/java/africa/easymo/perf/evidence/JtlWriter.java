package africa.easymo.perf.evidence;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.SampleSaveConfiguration;
import org.apache.jmeter.save.CSVSaveService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's CSV JTL in the layout JMeter's dashboard generator reads (the standard 17 columns, JMeter's
 * configured delimiter and timestamp format), one row per sample and one per sub-result (JMeter's CSV writer's layout,
 * so sub-sample labels such as {@code preview image} reach the dashboard): the rows the summary counts. Rows pass
 * through the run's redactor, so a secret echoed in a response message never reaches the file.
 */
public final class JtlWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(JtlWriter.class);

    /** How deep JMeter's CSV writer follows sub-results of sub-results. */
    static final int MAX_SUB_RESULT_DEPTH = 10;

    private final Path file;
    private final SampleSaveConfiguration config;
    private final UnaryOperator<String> redact;
    private BufferedWriter out;
    private boolean failed;

    public JtlWriter(Path file, UnaryOperator<String> redact) throws IOException {
        this.file = file;
        this.redact = redact;
        this.config = configuration();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(CSVSaveService.printableFieldNamesToString(config));
        out.newLine();
    }

    private static final SampleSaveConfiguration CONFIG = configuration();

    static SampleSaveConfiguration configuration() {
        SampleSaveConfiguration c = new SampleSaveConfiguration(false);
        c.setTimestamp(true);
        c.setTime(true);
        c.setLabel(true);
        c.setCode(true);
        c.setMessage(true);
        c.setThreadName(true);
        c.setDataType(true);
        c.setSuccess(true);
        c.setAssertionResultsFailureMessage(true);
        c.setBytes(true);
        c.setSentBytes(true);
        c.setThreadCounts(true);
        c.setUrl(true);
        c.setLatency(true);
        c.setIdleTime(true);
        c.setConnectTime(true);
        c.setFieldNames(true);
        c.setDefaultDelimiter();
        c.setDefaultTimeStampFormat();
        return c;
    }

    public Path file() {
        return file;
    }

    /**
     * The JTL rows of a sample, in JMeter's order: the sample, then each sub-result followed by its own sub-results
     * (depth first, at most {@value #MAX_SUB_RESULT_DEPTH} levels down).
     */
    public static List<SampleResult> rows(SampleResult sample) {
        SampleResult[] subs = sample.getSubResults();
        if (subs.length == 0) {
            return List.of(sample);
        }
        List<SampleResult> rows = new ArrayList<>(1 + subs.length);
        rows.add(sample);
        addSubResults(sample, 1, rows);
        return rows;
    }

    private static void addSubResults(SampleResult parent, int depth, List<SampleResult> rows) {
        if (depth > MAX_SUB_RESULT_DEPTH) {
            return;
        }
        for (SampleResult sub : parent.getSubResults()) {
            rows.add(sub);
            addSubResults(sub, depth + 1, rows);
        }
    }

    /** Sampler thread: the sample and its sub-results. */
    void write(SampleEvent event) {
        write(event, rows(event.getResult()));
    }

    /** Sampler thread; one lock around a buffered append, like JMeter's own ResultCollector. */
    void write(SampleEvent event, List<SampleResult> results) {
        append(format(event, results, redact));
    }

    /** The JTL rows of a sample as text (redacted), for an engine that ships them to the distributed controller. */
    public static String format(SampleEvent event, List<SampleResult> results, UnaryOperator<String> redact) {
        SampleSaveConfiguration config = CONFIG;
        StringBuilder rows = new StringBuilder();
        for (SampleResult r : results) {
            rows.append(redact.apply(CSVSaveService.resultToDelimitedString(event, r, config, config.getDelimiter())))
                    .append(System.lineSeparator());
        }
        return rows.toString();
    }

    /** Rows already formatted by {@link #format} (an engine's, in a distributed run). */
    public void append(String rows) {
        synchronized (this) {
            if (out == null || failed) {
                return;
            }
            try {
                out.write(rows);
            } catch (IOException e) {
                failed = true;
                log.error("Cannot write the JTL {}: {}; no further rows are written", file, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }
}

package africa.easymo.perf.plugin.evidence;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleSaveConfiguration;
import org.apache.jmeter.save.CSVSaveService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's CSV JTL in the layout JMeter's dashboard generator reads (the standard 17 columns, JMeter's
 * configured delimiter and timestamp format), one row per top-level sample: the same samples the summary counts.
 * Rows pass through the run's redactor, so a secret echoed in a response message never reaches the file.
 */
final class JtlWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(JtlWriter.class);

    private final Path file;
    private final SampleSaveConfiguration config;
    private final UnaryOperator<String> redact;
    private BufferedWriter out;
    private boolean failed;

    JtlWriter(Path file, UnaryOperator<String> redact) throws IOException {
        this.file = file;
        this.redact = redact;
        this.config = configuration();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(CSVSaveService.printableFieldNamesToString(config));
        out.newLine();
    }

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

    Path file() {
        return file;
    }

    /** Sampler thread; one lock around a buffered append, like JMeter's own ResultCollector. */
    void write(SampleEvent event) {
        String row = CSVSaveService.resultToDelimitedString(event, event.getResult(), config, config.getDelimiter());
        row = redact.apply(row);
        synchronized (this) {
            if (out == null || failed) {
                return;
            }
            try {
                out.write(row);
                out.newLine();
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

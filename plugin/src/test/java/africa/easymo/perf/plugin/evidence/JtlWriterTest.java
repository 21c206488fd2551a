package africa.easymo.perf.plugin.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtlWriterTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void jmeter() throws Exception {
        InProcessJMeter.init();
    }

    @Test
    void writesTheStandardColumnsAndRedactsEveryRow() throws Exception {
        Path file = dir.resolve("x.jtl");
        try (JtlWriter w = new JtlWriter(file, s -> s.replace("pst_sekret", "[REDACTED]"))) {
            SampleResult r = new SampleResult();
            r.setSampleLabel("redeem, with comma");
            r.setStampAndTime(1_700_000_000_000L, 42);
            r.setResponseCode("401");
            r.setResponseMessage("token pst_sekret refused");
            r.setSuccessful(false);
            w.write(new SampleEvent(r, "tg"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,"
                + "success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("1700000000000,42,\"redeem, with comma\",401,token [REDACTED] refused,")
                .doesNotContain("pst_sekret");
    }
}

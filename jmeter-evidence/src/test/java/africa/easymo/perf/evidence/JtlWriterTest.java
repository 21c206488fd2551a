package africa.easymo.perf.evidence;

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
        EvidencePlans.init();
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

    @Test
    void subResultsAreRowsOfTheirOwnInJMetersOrder() throws Exception {
        Path file = dir.resolve("subs.jtl");
        SampleResult parent = result("voucher preview", 30);
        SampleResult image = result("preview image", 12);
        image.storeSubResult(result("image redirect", 3), false);
        parent.storeSubResult(image, false);
        parent.storeSubResult(result("preview pdf", 15), false);
        try (JtlWriter w = new JtlWriter(file, s -> s)) {
            w.write(new SampleEvent(parent, "tg"));
        }
        List<String> rows = Files.readAllLines(file);
        assertThat(rows).hasSize(5);
        assertThat(rows.subList(1, 5)).extracting(r -> r.split(",")[2]).containsExactly("voucher preview",
                "preview image", "image redirect", "preview pdf");
        assertThat(rows.get(4)).startsWith("1700000000000,15,preview pdf,200,");
    }

    private static SampleResult result(String label, long elapsed) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setStampAndTime(1_700_000_000_000L, elapsed);
        r.setResponseCode("200");
        r.setResponseMessage("OK");
        r.setSuccessful(true);
        return r;
    }
}

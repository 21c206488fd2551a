package africa.easymo.perf.testplans.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtlTest {
    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,"
            + "success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n";

    @TempDir
    Path tmp;

    @Test
    void readsJmeterCsvWithQuotedCommasQuotesAndLineBreaks() throws IOException {
        Path file = write(HEADER
                + "1000,12,redeem,200,OK,stations 1-1,text,true,,120,300,1,1,http://127.0.0.1:1/redeem,11,0,2\n"
                + "1400,30,\"redeem, probe\",409,Conflict,stations 1-2,text,false,"
                + "\"answered 409 \"\"already_redeemed\"\"\nsecond line\",80,200,2,2,http://127.0.0.1:1/redeem,29,0,0\n");

        Jtl jtl = Jtl.read(file);

        assertThat(jtl.size()).isEqualTo(2);
        JtlSample probe = jtl.samples().get(1);
        assertThat(probe.label()).isEqualTo("redeem, probe");
        assertThat(probe.failureMessage()).isEqualTo("answered 409 \"already_redeemed\"\nsecond line");
        assertThat(probe.success()).isFalse();
        assertThat(probe.responseCode()).isEqualTo("409");
        assertThat(probe.latency()).isEqualTo(29);
        assertThat(jtl.samples().get(0).connect()).isEqualTo(2);
        assertThat(jtl.countByLabel()).containsEntry("redeem", 1L).containsEntry("redeem, probe", 1L);
    }

    @Test
    void missingFileOrHeaderOnlyHasNoSamples() throws IOException {
        assertThat(Jtl.read(tmp.resolve("absent.jtl")).isEmpty()).isTrue();
        assertThat(Jtl.read(write(HEADER)).isEmpty()).isTrue();
    }

    @Test
    void columnsAreFoundByHeaderNotPosition() throws IOException {
        Path file = write("label,success,elapsed,timeStamp,responseCode\nredeem,true,7,5,201\n");
        JtlSample s = Jtl.read(file).samples().get(0);
        assertThat(s.elapsed()).isEqualTo(7);
        assertThat(s.timeStamp()).isEqualTo(5);
        assertThat(s.responseCode()).isEqualTo("201");
    }

    @Test
    void aHeaderWithoutRequiredColumnsIsRejectedWithTheFileName() throws IOException {
        Path file = write("a,b\n1,2\n");
        assertThatThrownBy(() -> Jtl.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("timeStamp");
    }

    @Test
    void percentileIsNearestRank() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 100; i++) {
            csv.append(i).append(',').append(i).append(",redeem,200,OK,t,text,true,,1,1,1,1,u,1,0,0\n");
        }
        Jtl jtl = Jtl.read(write(csv.toString()));
        assertThat(jtl.percentile("redeem", 95)).isEqualTo(95);
        assertThat(jtl.percentile("redeem", 99)).isEqualTo(99);
        assertThat(jtl.percentile("redeem", 100)).isEqualTo(100);
        assertThat(jtl.percentile("none", 95)).isEqualTo(-1);
        assertThat(Jtl.startSpanMillis(jtl.withLabel("redeem"))).isEqualTo(99);
        assertThat(Jtl.percentileOf(List.of(), 50)).isEqualTo(-1);
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(tmp, "results", ".jtl");
        Files.writeString(file, content);
        return file;
    }
}

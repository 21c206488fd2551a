package africa.easymo.perf.testplans.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Bucketing maths on a crafted JTL, and the chart drawn from it as well-formed SVG. */
class JtlTimelineTest {

    @TempDir
    Path dir;

    @Test
    void bucketsHoldExactPercentilesAndRates() throws Exception {
        StringBuilder jtl = new StringBuilder("timeStamp,elapsed,label,responseCode,success,URL\n");
        for (int i = 1; i <= 100; i++) { // second 0: elapsed 1..100, every tenth fails
            jtl.append(1_000_000 + i).append(',').append(i).append(",a,200,").append(i % 10 != 0).append(",u\n");
        }
        // second 2, with a quoted URL holding a comma and a line break
        jtl.append("1002500,40,a,200,true,\"http://x/?a=1,b\n2\"\n");
        Path f = Files.writeString(dir.resolve("t.jtl"), jtl);

        JtlTimeline t = JtlTimeline.read(f);

        assertThat(t.bucketMillis()).isEqualTo(1000);
        assertThat(t.buckets()).hasSize(3);
        JtlTimeline.Bucket b0 = t.buckets().get(0);
        assertThat(b0.samples()).isEqualTo(100);
        assertThat(b0.errors()).isEqualTo(10);
        assertThat(b0.p50()).isEqualTo(50);
        assertThat(b0.p95()).isEqualTo(95);
        assertThat(b0.p99()).isEqualTo(99);
        assertThat(b0.samplesPerSecond()).isEqualTo(100);
        assertThat(b0.errorsPerSecond()).isEqualTo(10);
        assertThat(t.buckets().get(1).samples()).isZero();
        assertThat(t.buckets().get(1).p95()).isNaN();
        assertThat(t.buckets().get(2).p99()).isEqualTo(40);
        assertThat(t.samples()).isEqualTo(101);
    }

    @Test
    void bucketWidthFitsAboutSixtyPointsInWholeSeconds() {
        assertThat(JtlTimeline.bucketMillisFor(10_000)).isEqualTo(1000);
        assertThat(JtlTimeline.bucketMillisFor(600_000)).isEqualTo(10_000);
        assertThat(JtlTimeline.bucketMillisFor(601_000)).isEqualTo(11_000);
    }

    @Test
    void chartIsWellFormedSvgWithEverySeries() throws Exception {
        String svg = SvgChart.lines("Latency <all>", new double[] { 0, 1, 2 }, "ms",
                List.of(new SvgChart.Series("p50", "#111", new double[] { 5, Double.NaN, 7 }),
                        new SvgChart.Series("p99", "#222", new double[] { 9, 12, 30 })));
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document d = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
        // p50 breaks at its NaN: two runs; p99 is one line
        assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(svg).contains("data-series=\"p50\"", "data-series=\"p99\"", ">30 ms<", "Latency &lt;all&gt;");
    }
}

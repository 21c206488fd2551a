package africa.easymo.perf.testplans.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliations as field tables, Supabase per-table latency, and a missing JTL costing only the plots. */
class EvidenceIndexSectionsTest {

    @TempDir
    Path root;

    @Test
    void reconciliationTablesSupabaseTablesAndAMissingJtlNote() throws Exception {
        Path summary = Files.writeString(root.resolve("redeem-summary.json"), """
                {"status":"failed","thresholds":[],"labels":{},
                 "files":{"jtl":"runs/gone.jtl"},
                 "reconciliation":{"reconciliation.redeem":{"poolSize":1500,"lostRedeems":["A","B","C","D"],
                   "database":{"missing":2},"passed":false,"problems":["2 redeems <lost>"]}},
                 "counters":{"redeem.succeeded":10000},
                 "supabaseMetrics":{"scrapes":1,"scrapesWritten":1,"lastError":null,"columns":{},
                   "tables":{"vouchers":{"probes":12,"errors":0,"p50Ms":3.1,"p95Ms":7.9,"maxMs":12.0}}}}
                """);
        EvidenceIndex.write(root, "t", List.of(new EvidenceIndex.PlanEntry("redeem", summary)), List.of());
        String html = Files.readString(root.resolve("index.html"));
        assertThat(html).contains("<tr><td>poolSize</td><td>1,500</td></tr>")
                .contains("<tr><td>lostRedeems</td><td>4: A, B, C, …</td></tr>")
                .contains("<tr><td>database.missing</td><td>2</td></tr>")
                .contains("<span class=\"badge failed\">FAIL</span>")
                .contains("<ul class=\"problems\">\n<li>2 redeems &lt;lost&gt;</li>")
                .contains("<tr><td>redeem.succeeded</td><td>10,000</td></tr>")
                .contains("<caption>Supabase latency per table</caption>")
                .contains(
                        "<tr><td>vouchers</td><td>12</td><td>0</td><td>3.10 ms</td><td>7.90 ms</td><td>12 ms</td></tr>")
                .contains("No plots: JTL " + root.resolve("runs/gone.jtl").toAbsolutePath()).doesNotContain("<pre>");
    }

    @Test
    void aPlanWithItsJtlGetsALatencyAndAThroughputChart() throws Exception {
        StringBuilder jtl = new StringBuilder("timeStamp,elapsed,label,responseCode,success\n");
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 120; i++) {
            jtl.append(t0 + i * 500L).append(',').append(10 + i).append(",redeem,200,").append(i % 10 != 0)
                    .append('\n');
        }
        Files.writeString(root.resolve("redeem.jtl"), jtl);
        Path summary = Files.writeString(root.resolve("redeem-summary.json"), """
                {"status":"passed","thresholds":[],"labels":{},"files":{"jtl":"redeem.jtl"},"reconciliation":{}}
                """);
        EvidenceIndex.write(root, "t", List.of(new EvidenceIndex.PlanEntry("redeem", summary)), List.of());
        String html = Files.readString(root.resolve("index.html"));
        assertThat(html).doesNotContain("No plots");
        assertThat(html.split("<svg ", -1)).as("two charts").hasSize(3);
        assertThat(html).contains("data-series=\"p50\"", "data-series=\"p95\"", "data-series=\"p99\"",
                "data-series=\"samples/s\"", "data-series=\"errors/s\"");
    }
}

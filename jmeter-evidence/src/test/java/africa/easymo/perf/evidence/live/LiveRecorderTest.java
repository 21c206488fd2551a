package africa.easymo.perf.evidence.live;

import africa.easymo.perf.evidence.RunJudge;
import africa.easymo.perf.evidence.metrics.MetricsLatest;
import africa.easymo.perf.evidence.rules.AbortRuleStatus;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.SampleObservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The snapshot JSON and the exported page, from a real {@link RunJudge} and a clock of the test's own. */
class LiveRecorderTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final String SECRET = "sk-very-secret-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong clock = new AtomicLong(T0);
    private final Map<String, Long> counters = new TreeMap<>(Map.of("redeem.double_spend_accepted", 0L));
    private final RunJudge judge = new RunJudge(
            SloRules.parse("probe: p(95)<50\nerrors<10%\ncounter(redeem.double_spend_accepted)==0",
                    "abort if 5xx>5% over 30s min 5\nabort if counter(redeem.double_spend_accepted)>0"),
            n -> counters.containsKey(n) ? OptionalLong.of(counters.get(n)) : OptionalLong.empty(), r -> {
            });
    private MetricsLatest metrics = new MetricsLatest("Supabase metrics", "http://127.0.0.1:1/metrics?key=" + SECRET,
            List.of("cpu_busy_pct", "db_connections"), T0 + 500, new double[] { 12.5, Double.NaN }, 2, 1, null, null);

    private final LiveSource source = new LiveSource() {
        @Override
        public List<LabelSnapshot> labels() {
            return judge.stats().labels();
        }

        @Override
        public LabelSnapshot total() {
            return judge.stats().total();
        }

        @Override
        public List<ThresholdVerdict> thresholds() {
            return judge.verdicts();
        }

        @Override
        public List<AbortRuleStatus> abortRules(long nowMs) {
            return judge.abortStatus(nowMs);
        }

        @Override
        public Map<String, Long> counters() {
            return counters;
        }

        @Override
        public int activeThreads() {
            return 3;
        }

        @Override
        public Optional<MetricsLatest> metrics() {
            return Optional.ofNullable(metrics);
        }
    };

    private final LiveRecorder recorder = new LiveRecorder("probe-plan", T0, source,
            s -> s.replace(SECRET, "[REDACTED]"), clock::get);

    private void sample(String label, long endMs, long elapsed, String code) {
        judge.record(new SampleObservation(label, elapsed, code.startsWith("2"), code, endMs - elapsed, endMs));
    }

    private JsonNode snapshot() throws IOException {
        return JSON.readTree(recorder.json());
    }

    @Test
    void snapshotShowsFiguresThresholdsAbortWindowsCountersAndMetricsAndChangesEverySecond() throws IOException {
        assertThat(snapshot().path("state").asText()).isEqualTo("running");
        assertThat(snapshot().path("total").path("count").asLong()).isZero();
        for (int i = 1; i <= 10; i++) {
            sample("probe", T0 + 50 * i, 10 * i, "200");
        }
        clock.set(T0 + 1000);
        recorder.tick();
        JsonNode first = snapshot();
        assertThat(first.path("plan").asText()).isEqualTo("probe-plan");
        assertThat(first.path("elapsedSeconds").asDouble()).isEqualTo(1.0);
        assertThat(first.path("activeThreads").asInt()).isEqualTo(3);
        assertThat(first.path("total").path("count").asLong()).isEqualTo(10);
        assertThat(first.path("total").path("p95").asLong()).isEqualTo(100);
        assertThat(first.path("labels").get(0).path("label").asText()).isEqualTo("probe");
        assertThat(first.path("labels").get(0).path("codes").path("200").asLong()).isEqualTo(10);

        JsonNode th = first.path("thresholds");
        assertThat(th).hasSize(3);
        assertThat(th.get(0).path("rule").asText()).isEqualTo("probe: p(95)<50ms");
        assertThat(th.get(0).path("observed").asDouble()).isEqualTo(100);
        assertThat(th.get(0).path("passed").asBoolean()).isFalse();
        assertThat(th.get(1).path("passed").asBoolean()).isTrue();
        assertThat(th.get(2).path("rule").asText()).isEqualTo("counter(redeem.double_spend_accepted)==0");

        JsonNode ab = first.path("abortRules");
        assertThat(ab).hasSize(2);
        assertThat(ab.get(0).path("rule").asText()).isEqualTo("abort if rate(5xx)>5% over 30s");
        assertThat(ab.get(0).path("value").asDouble()).isZero();
        assertThat(ab.get(0).path("limit").asDouble()).isEqualTo(5);
        assertThat(ab.get(0).path("samples").asLong()).isEqualTo(10);
        assertThat(ab.get(1).path("breaching").asBoolean()).isFalse();

        assertThat(first.path("counters").path("redeem.double_spend_accepted").asLong()).isZero();
        assertThat(first.path("metrics").path("values").path("cpu_busy_pct").asDouble()).isEqualTo(12.5);
        assertThat(first.path("metrics").path("values").path("db_connections").isNull()).isTrue();
        assertThat(recorder.json()).as("never a secret").doesNotContain(SECRET).contains("[REDACTED]");

        for (int i = 1; i <= 10; i++) {
            sample("probe", T0 + 1000 + 50 * i, 5, i <= 5 ? "503" : "200");
        }
        counters.put("redeem.double_spend_accepted", 1L);
        clock.set(T0 + 2000);
        recorder.tick();
        JsonNode second = snapshot();
        assertThat(second.path("total").path("count").asLong()).isEqualTo(20);
        assertThat(second.path("abortRules").get(0).path("value").asDouble()).isEqualTo(25);
        assertThat(second.path("abortRules").get(0).path("breaching").asBoolean()).isTrue();
        assertThat(second.path("abortRules").get(1).path("breaching").asBoolean()).isTrue();
        assertThat(second.path("series").path("t")).hasSize(2);
        assertThat(second.path("series").path("labels").path("probe").path("errorPct").toString()).isEqualTo("[0,50]");
        assertThat(second.path("series").path("counters").path("redeem.double_spend_accepted").toString())
                .isEqualTo("[0,1]");
        assertThat(second.has("verdict")).isFalse();
    }

    @Test
    void aWatcherHoldingTheEarlierPointsGetsOnlyTheNewOnesWhateverTheRunsLength() throws IOException {
        for (int s = 1; s <= 50; s++) {
            sample("probe", T0 + s * 1000 - 10, 5, "200");
            clock.set(T0 + s * 1000);
            recorder.tick();
        }
        JsonNode whole = JSON.readTree(recorder.json());
        assertThat(whole.path("series").path("from").asLong()).isZero();
        assertThat(whole.path("series").path("next").asLong()).isEqualTo(50);
        assertThat(whole.path("series").path("t")).hasSize(50);

        sample("probe", T0 + 51_000 - 10, 9, "200");
        clock.set(T0 + 51_000);
        recorder.tick();
        String deltaJson = recorder.json(50);
        JsonNode delta = JSON.readTree(deltaJson);
        assertThat(delta.path("series").path("from").asLong()).isEqualTo(50);
        assertThat(delta.path("series").path("t")).hasSize(1);
        assertThat(delta.path("series").path("labels").path("probe").path("p95").toString()).isEqualTo("[9]");
        assertThat(delta.path("total").path("count").asLong()).as("the figures are the whole run's").isEqualTo(51);
        assertThat(recorder.json(50)).as("one render per tick and start point").isSameAs(deltaJson);
        assertThat(delta.path("series").toString().length())
                .isLessThan(JSON.readTree(recorder.json()).path("series").toString().length() / 5);

        assertThat(JSON.readTree(recorder.json(999)).path("series").path("from").asLong())
                .as("a page from another run starts over").isZero();
        assertThat(JSON.readTree(recorder.json(-1)).path("series").path("t")).hasSize(51);
    }

    @Test
    void finishAddsTheExactLastPointAndTheVerdictAndTheExportIsOnePageThatNeedsNoNetwork(@TempDir Path dir)
            throws IOException {
        sample("probe", T0 + 100, 20, "200");
        clock.set(T0 + 1000);
        recorder.tick();
        sample("probe", T0 + 1200, 30, "200");
        clock.set(T0 + 1500);
        metrics = null; // the collector stops before the evidence is written
        recorder.finish("failed", List.of("1 of 3 thresholds failed: probe: p(95)<50ms </script><b>"), null);
        recorder.tick();
        JsonNode end = snapshot();
        assertThat(end.path("state").asText()).isEqualTo("ended");
        assertThat(end.path("verdict").asText()).isEqualTo("failed");
        assertThat(end.path("total").path("count").asLong()).isEqualTo(2);
        assertThat(end.path("series").path("t")).as("the tick after the end adds nothing").hasSize(2);
        assertThat(end.path("failures").get(0).asText()).startsWith("1 of 3 thresholds failed");
        assertThat(end.path("metrics").path("values").path("cpu_busy_pct").asDouble()).as("the last scrape stays shown")
                .isEqualTo(12.5);

        Path page = dir.resolve("live-dashboard.html");
        recorder.export(page);
        String html = Files.readString(page);
        assertThat(html).contains("uPlot").contains("window.PERF_LIVE = {data: ").contains("\"verdict\":\"failed\"")
                .contains(".uplot");
        assertThat(html).as("no asset by URL, no polling").doesNotContain("<script src").doesNotContain("<link")
                .doesNotContain("data.json");
        assertThat(html).as("a failure's text cannot close the script").doesNotContain("</script><b>")
                .doesNotContain(SECRET);
        String data = html.substring(html.indexOf("window.PERF_LIVE = {data: ") + 26,
                html.indexOf("};</script>", html.indexOf("window.PERF_LIVE = {data: ")));
        assertThat(JSON.readTree(data).path("total").path("count").asLong()).isEqualTo(2);
    }
}

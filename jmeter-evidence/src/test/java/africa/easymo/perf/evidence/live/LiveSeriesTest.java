package africa.easymo.perf.evidence.live;

import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.stats.SampleObservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Per-second windows from whole-run snapshots: no JMeter, its own clock. */
class LiveSeriesTest {

    private static final long T0 = 1_700_000_000_000L;

    private static void record(RunStats stats, String label, long endMs, long elapsed, String code) {
        stats.record(new SampleObservation(label, elapsed, code.startsWith("2"), code, endMs - elapsed, endMs));
    }

    private static void tick(LiveSeries series, RunStats stats, long at, int threads, Map<String, Long> counters) {
        series.tick(at, stats.labels(), stats.total(), threads, counters);
    }

    @Test
    void eachPointHoldsTheRatePercentilesAndErrorsOfItsOwnSecond() {
        RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        LiveSeries series = new LiveSeries(T0);
        for (int i = 1; i <= 20; i++) {
            record(stats, "a", T0 + 10 * i, i, i == 20 ? "500" : "200");
        }
        tick(series, stats, T0 + 1000, 4, Map.of("arrivals.dispatched", 20L));
        for (int i = 0; i < 5; i++) {
            record(stats, "a", T0 + 1500, 100, "200");
            record(stats, "b", T0 + 1500, 300, "503");
        }
        tick(series, stats, T0 + 2000, 6, Map.of("arrivals.dispatched", 30L, "arrivals.dropped", 1L));
        tick(series, stats, T0 + 3000, 0, Map.of("arrivals.dispatched", 30L, "arrivals.dropped", 1L));

        JsonNode j = series.toJson();
        assertThat(j.path("t").toString()).isEqualTo("[1700000001,1700000002,1700000003]");
        assertThat(j.path("threads").toString()).isEqualTo("[4,6,0]");
        JsonNode a = j.path("labels").path("a");
        assertThat(a.path("rate").toString()).isEqualTo("[20,5,0]");
        assertThat(a.path("p50").toString()).as("1..20 ms, then five of 100 ms").isEqualTo("[10,100,null]");
        assertThat(a.path("p95").toString()).isEqualTo("[19,100,null]");
        assertThat(a.path("p99").toString()).isEqualTo("[20,100,null]");
        assertThat(a.path("errorPct").toString()).isEqualTo("[5,0,null]");
        JsonNode b = j.path("labels").path("b");
        assertThat(b.path("rate").toString()).as("first seen in the second tick").isEqualTo("[null,5,0]");
        assertThat(b.path("errorPct").toString()).isEqualTo("[null,100,null]");
        JsonNode total = j.path("labels").path(LiveSeries.TOTAL);
        assertThat(total.path("rate").toString()).isEqualTo("[20,10,0]");
        assertThat(total.path("p99").toString()).isEqualTo("[20,300,null]");
        assertThat(j.path("codes").path("200").toString()).isEqualTo("[19,5,0]");
        assertThat(j.path("codes").path("503").toString()).isEqualTo("[null,5,0]");
        assertThat(j.path("counters").path("arrivals.dispatched").toString()).isEqualTo("[20,30,30]");
        assertThat(j.path("counters").path("arrivals.dropped").toString()).isEqualTo("[null,1,1]");
    }

    @Test
    void rateIsPerSecondOfTheTickInterval() {
        RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        LiveSeries series = new LiveSeries(T0);
        for (int i = 0; i < 10; i++) {
            record(stats, "a", T0 + 100, 5, "200");
        }
        tick(series, stats, T0 + 2000, 1, Map.of());
        assertThat(series.toJson().path("labels").path("a").path("rate").toString()).isEqualTo("[5]");
    }

    @Test
    void keepsAtMostItsLimitOfPointsDroppingTheOldest() {
        RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        LiveSeries series = new LiveSeries(T0, 3);
        for (int s = 1; s <= 5; s++) {
            record(stats, "a", T0 + s * 1000 - 1, s, "200");
            tick(series, stats, T0 + s * 1000, s, Map.of("c", (long) s));
        }
        JsonNode j = series.toJson();
        assertThat(series.points()).isEqualTo(3);
        assertThat(j.path("threads").toString()).isEqualTo("[3,4,5]");
        assertThat(j.path("labels").path("a").path("p50").toString()).isEqualTo("[3,4,5]");
        assertThat(j.path("counters").path("c").toString()).isEqualTo("[3,4,5]");
        JsonNode last = series.toJson(2);
        assertThat(last.path("t")).hasSize(2);
        assertThat(last.path("threads").toString()).isEqualTo("[4,5]");
        assertThat(last.path("labels").path("a").path("p50").toString()).isEqualTo("[4,5]");
    }

    @Test
    void sinceGivesOnlyThePointsFromThatSequenceNumberAndSaysWhereTheyStartAndEnd() {
        RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        LiveSeries series = new LiveSeries(T0, 3);
        for (int s = 1; s <= 2; s++) {
            record(stats, "a", T0 + s * 1000 - 1, s, "200");
            tick(series, stats, T0 + s * 1000, s, Map.of("c", (long) s));
        }
        JsonNode delta = series.since(1);
        assertThat(delta.path("from").asLong()).isEqualTo(1);
        assertThat(delta.path("next").asLong()).isEqualTo(2);
        assertThat(delta.path("threads").toString()).isEqualTo("[2]");
        assertThat(delta.path("labels").path("a").path("p50").toString()).isEqualTo("[2]");
        assertThat(delta.path("counters").path("c").toString()).isEqualTo("[2]");

        JsonNode none = series.since(2);
        assertThat(none.path("from").asLong()).isEqualTo(2);
        assertThat(none.path("t")).isEmpty();
        assertThat(none.path("labels").path("a").path("rate")).as("a known label, nothing new").isEmpty();

        record(stats, "b", T0 + 3000 - 1, 7, "503");
        tick(series, stats, T0 + 3000, 3, Map.of("c", 3L));
        JsonNode newLabel = series.since(2);
        assertThat(newLabel.path("labels").path("b").path("p50").toString()).isEqualTo("[7]");
        assertThat(newLabel.path("codes").path("503").toString()).isEqualTo("[1]");

        for (int s = 4; s <= 5; s++) {
            tick(series, stats, T0 + s * 1000, s, Map.of("c", (long) s));
        }
        JsonNode behind = series.since(0);
        assertThat(behind.path("from").asLong()).as("points 0 and 1 were dropped").isEqualTo(2);
        assertThat(behind.path("next").asLong()).isEqualTo(5);
        assertThat(behind.path("threads").toString()).isEqualTo("[3,4,5]");
        assertThat(series.toJson(2).path("from").asLong()).isEqualTo(3);
    }
}

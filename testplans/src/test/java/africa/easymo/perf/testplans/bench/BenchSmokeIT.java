package africa.easymo.perf.testplans.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.testplans.harness.JMeterHome;

/**
 * Proves {@code bench/run} still runs end to end against the home the build laid out: every variant once, for a few
 * seconds, unpinned. Measures nothing and asserts no duration: the numbers come from a full run on a quiet machine.
 */
class BenchSmokeIT {
    private static final List<String> VARIANTS = List.of("closed-stock", "closed-ours", "open-openmodel",
            "open-arrivals", "open-ratetg", "open-plan");
    private static final List<String> METRICS = List.of("rps_last5s", "cpu_us_per_req", "p99_ms",
            "seconds_within_10pct", "new_connections", "peak_rss_mb", "samples", "errors", "cut_at_end", "hung");

    @Test
    void quickBenchRunsEveryVariantAndWritesTheTableAsJson() throws IOException, InterruptedException {
        Path repo = JMeterHome.testplansDir().getParent();
        Path work = JMeterHome.buildDir().resolve("bench-smoke");
        Path json = work.resolve("bench.json");
        Files.createDirectories(work);
        Files.deleteIfExists(json);
        Path log = work.resolve("bench-run.log");

        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("bench/run").toString(), "--quick", "--no-pin",
                "--jmeter-home", JMeterHome.home().toString(), "--work", work.toString(), "--out", json.toString())
                        .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // a thread group that never ends its test is recorded as hung after this long, not waited for
        pb.environment().put("BENCH_HANG_GRACE_S", "20");
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("bench/run --quick finished within 10 minutes; output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("bench/run exit code; output:%n%s", output).isZero();
        assertThat(output).contains("variant", "CPU µs/req", "p99 ms");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("meta").path("quick").asText()).isEqualTo("1");
        for (String v : VARIANTS) {
            JsonNode variant = root.path("variants").path(v);
            assertThat(variant.isObject()).as("variant %s in %s", v, json).isTrue();
            assertThat(variant.path("runs").asInt()).as(v + " runs").isEqualTo(1);
            for (String m : METRICS) {
                assertThat(variant.has(m)).as("%s.%s", v, m).isTrue();
            }
            assertThat(variant.path("samples").path("median").asLong()).as(v + " samples").isPositive();
            assertThat(variant.path("errors").path("median").asLong()).as(v + " errors").isZero();
        }
        // our thread group lets the arrivals in flight finish when the schedule ends; it never cuts one off
        for (String ours : List.of("open-ratetg", "open-plan")) {
            assertThat(root.path("variants").path(ours).path("cut_at_end").path("median").asLong())
                    .as(ours + " samples cut at the end").isZero();
        }
        // our thread group and sampler keep connections alive: never more connections than threads
        JsonNode plan = root.path("variants").path("open-plan");
        assertThat(plan.path("new_connections").path("median").asLong())
                .isLessThanOrEqualTo(plan.path("max_threads").path("median").asLong());
    }
}

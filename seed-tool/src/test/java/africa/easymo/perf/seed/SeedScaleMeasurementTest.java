package africa.easymo.perf.seed;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds 100,000 and 1,000,000 bulk targets into an in-process sandbox and prints the tool's own figures (time, rows/s,
 * peak live heap). Off by default: timings on a shared machine are reports, not assertions. The heap figure here
 * includes the in-process sandbox; for the tool alone run the two jars (docs/seed-tool.md). Run with
 * {@code mvn -o -pl seed-tool test -Dtest=SeedScaleMeasurementTest -Dperf.measure=true}.
 */
@EnabledIfSystemProperty(named = "perf.measure", matches = "true")
class SeedScaleMeasurementTest {
    @Test
    void seedHundredThousandAndAMillionTargets(@TempDir Path dir) {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            Map<String, String> env = Map.of("SUPABASE_URL", sandbox.baseUrl().toString(), "SUPABASE_SERVICE_ROLE_KEY",
                    sandbox.serviceRoleKey());
            for (String n : new String[] { "100000", "1000000" }) {
                ToolRun r = ToolRun.of(env, Clock.systemUTC(), "seed", "--bulk-targets", n, "--out",
                        dir.resolve("s-" + n + ".json").toString());
                assertThat(r.exitCode()).as(r.all()).isZero();
                r.out().lines().filter(l -> l.startsWith("seeded") || l.startsWith("heap"))
                        .forEach(l -> System.out.println(n + " targets: " + l));
            }
        }
    }
}

package africa.easymo.perf.testplans;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;

/** The ready JMeter home the build lays out, exercised through its own launcher like a user would. */
class JMeterHomeIT {

    @TempDir
    Path tmp;

    @Test
    void homeHasTheLayoutNewDriverExpectsWithThePluginAndCustomThreadGroups() throws IOException {
        Path home = JMeterHome.home();
        assertThat(home.resolve("bin/jmeter")).isExecutable();
        assertThat(home.resolve("bin/jmeter-server")).isExecutable();
        assertThat(home.resolve("bin/ApacheJMeter.jar")).isRegularFile();
        for (String f : List.of("jmeter.properties", "saveservice.properties", "upgrade.properties", "log4j2.xml",
                "reportgenerator.properties", "report-template/index.html.fmkr")) {
            assertThat(home.resolve("bin").resolve(f)).as(f).isRegularFile();
        }
        for (String jar : List.of("ApacheJMeter_core.jar", "ApacheJMeter_http.jar", "ApacheJMeter_components.jar",
                "ApacheJMeter_functions.jar", "ApacheJMeter_java.jar")) {
            assertThat(home.resolve("lib/ext").resolve(jar)).as(jar).isRegularFile();
        }
        assertThat(home.resolve("lib/jorphan.jar")).isRegularFile();
        try (var ext = Files.list(home.resolve("lib/ext"))) {
            assertThat(ext.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("jmeter-plugins-casutg-"))
                    .anyMatch(n -> n.startsWith("jmeter-plugins-cmn-jmeter-"));
        }
        // One plugin jar, its version in its name as the Plugins Manager expects.
        List<Path> plugins;
        try (var ext = Files.list(home.resolve("lib/ext"))) {
            plugins = ext.filter(p -> p.getFileName().toString().startsWith("easymo-perf-")).toList();
        }
        assertThat(plugins).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .matches("easymo-perf-plugin-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar"));
        try (JarFile plugin = new JarFile(plugins.get(0).toFile())) {
            assertThat(plugin.stream().map(e -> e.getName()))
                    .as("the shaded plugin jar: every role's classes, no unrelocated third-party ones")
                    .anyMatch(n -> n.startsWith("africa/easymo/perf/journeys/"))
                    .anyMatch(n -> n.startsWith("africa/easymo/perf/arrivals/"))
                    .anyMatch(n -> n.startsWith("africa/easymo/perf/evidence/"))
                    .noneMatch(n -> n.startsWith("com/google/zxing/"))
                    .noneMatch(n -> n.startsWith("org/apache/pdfbox/"));
        }
        // JMeter's own libraries at JMeter's versions: one slf4j-api, the 1.7 line JMeter binds to log4j.
        try (var lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("slf4j-api-")))
                    .containsExactly("slf4j-api-1.7.36.jar");
        }
    }

    @Test
    void trivialPlanRunsFromAnyFolderAndWritesJtlLogAndDashboard() throws IOException {
        Path plan = copyPlan("trivial.jmx");
        JMeterResult run = JMeterRun.plan(plan).property("loops", "7").outputDir(tmp.resolve("out")).htmlReport(true)
                .timeout(Duration.ofMinutes(2)).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.jtl().withLabel("debug")).as("2 threads x 7 loops (-J reached the plan)").hasSize(14);
        assertThat(run.jtl().samples()).allMatch(s -> s.success());
        assertThat(run.logErrors()).as("ERROR lines in jmeter.log").isEmpty();
        assertThat(run.jmeterLog()).contains("JMeterHome=" + JMeterHome.home().toRealPath());
        assertThat(run.hasReport()).as("dashboard in " + run.reportDir()).isTrue();
        JsonNode stats = new ObjectMapper().readTree(run.reportDir().resolve("statistics.json").toFile());
        assertThat(stats.path("debug").path("sampleCount").asInt()).isEqualTo(14);
    }

    @Test
    void customThreadGroupsFromJmeterPluginsAreInstalled() throws IOException {
        // casutg's Concurrency Thread Group, not its Arrivals Thread Group: the latter (2.10) often never ends its test
        // (pooled threads left waiting; the bench records it as "hung"), which made this check flaky.
        JMeterResult run = JMeterRun.plan(copyPlan("casutg-concurrency.jmx")).outputDir(tmp.resolve("casutg"))
                .timeout(Duration.ofMinutes(2)).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.logErrors()).as(run.describe()).isEmpty();
        // 2 virtual users, each a sample every ~100 ms, held for 2 s: about 40 samples from exactly 2 threads.
        assertThat(run.jtl().withLabel("virtual user")).hasSizeBetween(20, 44);
        assertThat(run.jtl().withLabel("virtual user").stream().map(s -> s.threadName()).distinct()).hasSize(2);
    }

    @Test
    void launcherWorksThroughASymlinkAndHonoursJavaHome() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("jmeter"), JMeterHome.launcher());
        Process version = new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile())
                .redirectErrorStream(true).start();
        String text = readAll(version.getInputStream());
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as(text).isZero();
        assertThat(text).contains("5.6.3");

        ProcessBuilder badJava = new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile())
                .redirectErrorStream(true);
        badJava.environment().put("JAVA_HOME", tmp.resolve("no-such-jdk").toString());
        Process failed = badJava.start();
        String failedText = readAll(failed.getInputStream());
        assertThat(failed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.exitValue()).as(failedText).isNotZero();
        assertThat(failedText).contains("no-such-jdk");
    }

    private Path copyPlan(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/plans/" + name), name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

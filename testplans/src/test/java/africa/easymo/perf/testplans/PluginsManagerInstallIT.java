package africa.easymo.perf.testplans;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.JtlSample;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * Issue 12's Plugins Manager acceptance: from a JMeter 5.6.3 home laid out from Maven Central without any easyMO (or
 * jmeter-plugins) jar, the Plugins Manager from Central ({@code kg.apc:jmeter-plugins-manager}, with the
 * {@code kg.apc:cmdrunner} its {@code PluginsManagerCMD.sh} runs) pointed at the descriptor the build wrote installs
 * the plugin for {@code redeem.jmx}, which then runs at smoke scale from that home against the sandbox and passes.
 */
class PluginsManagerInstallIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ELEMENT_CLASS = Pattern
            .compile("(?:testclass|guiclass)=\"(africa\\.easymo\\.perf\\.[^\"]+)\"");

    private static Path work;
    private static Path home;
    private static Path repo;
    private static String version;
    private static SandboxFixture sandbox;

    @BeforeAll
    static void stockHome() throws IOException {
        repo = Path.of(required("easymo.plugins-manager.repo")).toAbsolutePath().normalize();
        assertThat(repo).as("descriptor written by the plugin module's build").isRegularFile();
        version = JSON.readTree(repo.toFile()).get(0).path("versions").fieldNames().next();
        work = JMeterHome.buildDir().resolve("it-runs/plugins-manager");
        SandboxFixture.deleteTree(work);
        home = work.resolve("jmeter");
        Path built = JMeterHome.home();
        try (Stream<Path> all = Files.walk(built)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = built.relativize(p);
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && (name.startsWith("easymo-perf") || name.startsWith("jmeter-plugins-"))) {
                    continue; // the stock home has neither our plugin nor jmeter-plugins
                }
                Path to = home.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path dist = Path.of(required("easymo.plugins-manager.dist"));
        Files.copy(dist.resolve("jmeter-plugins-manager-1.3.jar"),
                home.resolve("lib/ext/jmeter-plugins-manager-1.3.jar"));
        Files.copy(dist.resolve("cmdrunner-2.2.jar"), home.resolve("lib/cmdrunner-2.2.jar"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void installForJmxInstallsThePluginAndRedeemThenPassesFromThatHome() throws Exception {
        assertThat(easymoJars()).as("stock home: no easyMO jar").isEmpty();

        Result installer = java(home, List.of(java(), "-cp", "lib/ext/jmeter-plugins-manager-1.3.jar",
                "org.jmeterplugins.repository.PluginManagerCMDInstaller"), Map.of());
        Path cmd = home.resolve("bin/PluginsManagerCMD.sh");
        assertThat(cmd).as(installer.output).isRegularFile();
        cmd.toFile().setExecutable(true);

        Path plan = JMeterHome.plan("redeem.jmx").toAbsolutePath();
        String jvmArgs = "-Djpgc.repo.address=" + repo + " -Djpgc.repo.sendstats=false";
        Result install = java(home, List.of(cmd.toString(), "install-for-jmx", plan.toString()),
                Map.of("JVM_ARGS", jvmArgs));
        Path installed = home.resolve("lib/ext/easymo-perf-plugin-" + version + ".jar");
        // PluginsManagerCMD exits 0 whatever it matched, and may finish the copy after it exits: wait for the jar.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(installed) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(installed).as("installed by install-for-jmx:\n" + install.output).isRegularFile();
        Thread.sleep(1000);

        Result status = java(home, List.of(cmd.toString(), "status"), Map.of("JVM_ARGS", jvmArgs));
        List<String> lines = status.output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(status.output).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).contains("easymo-perf=" + version);

        sandbox = SandboxFixture.start();
        JMeterResult run = JMeterRun.plan(plan).home(home).env(sandbox.env()).property("perf.profile", "smoke")
                .outputDir(work.resolve("redeem-smoke")).timeout(Duration.ofMinutes(4)).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.console()).contains("Result: PASSED");
        assertThat(run.jtl().filter(JtlSample::success)).as(run.describe()).isNotEmpty();
    }

    @Test
    void descriptorNamesEveryElementClassOfThePlansAndAVersionedJarBesideIt() throws IOException {
        JsonNode entry = JSON.readTree(repo.toFile()).get(0);
        for (String field : List.of("id", "name", "description", "helpUrl", "vendor", "markerClass")) {
            assertThat(entry.path(field).asText()).as(field).isNotBlank();
        }
        TreeSet<String> components = new TreeSet<>();
        entry.path("componentClasses").forEach(c -> components.add(c.asText()));
        assertThat(components).contains(entry.path("markerClass").asText());

        TreeSet<String> used = new TreeSet<>();
        try (Stream<Path> plans = Files.list(JMeterHome.testplansDir())) {
            for (Path jmx : plans.filter(p -> p.toString().endsWith(".jmx")).toList()) {
                Matcher m = ELEMENT_CLASS.matcher(Files.readString(jmx, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("easyMO element classes in testplans/*.jmx").contains(
                "africa.easymo.perf.arrivals.ArrivalRateThreadGroup",
                "africa.easymo.perf.arrivals.ArrivalRateThreadGroupGui",
                "africa.easymo.perf.journeys.redeem.StationRedeemSampler");
        assertThat(components).containsAll(used);

        String url = entry.path("versions").path(version).path("downloadUrl").asText();
        assertThat(url).isEqualTo("easymo-perf-plugin-" + version + ".jar");
        assertThat(repo.resolveSibling(url)).isRegularFile();
    }

    private static List<Path> easymoJars() throws IOException {
        try (Stream<Path> all = Files.walk(home)) {
            return all.filter(p -> p.getFileName().toString().startsWith("easymo-perf")).toList();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result java(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true);
        Path javaBin = Path.of(java()).getParent();
        pb.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("JVM_ARGS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        assertThat(v).as("system property " + property + " (set by testplans/pom.xml)").isNotBlank();
        return v;
    }
}

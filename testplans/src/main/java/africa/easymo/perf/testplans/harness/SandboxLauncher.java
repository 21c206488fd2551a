package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The sandbox for the Maven smoke run (exec-maven-plugin starts it asynchronously in pre-integration-test): starts a
 * {@link SandboxFixture} on an ephemeral port, writes the plan's settings as a JMeter properties file ({@code -q}) for
 * jmeter-maven-plugin, marks itself ready, and runs until the build touches the {@code stop} file, the Maven process
 * that started it is gone, or a hard cap passes.
 *
 * <p>
 * Files in the state folder: {@code launcher.log}, {@code jmeter-target.properties}, {@code ready} or {@code failed},
 * and {@code stop} (written by the build).
 */
public final class SandboxLauncher {
    private static final Duration HARD_CAP = Duration.ofMinutes(30);

    private SandboxLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SandboxLauncher <state-folder>");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(state);
        for (String stale : new String[] { "ready", "failed", "stop", "jmeter-target.properties" }) {
            Files.deleteIfExists(state.resolve(stale));
        }
        try (PrintStream log = new PrintStream(Files.newOutputStream(state.resolve("launcher.log")), true,
                StandardCharsets.UTF_8)) {
            SandboxFixture fixture;
            try {
                fixture = fixtureFor(state).start();
            } catch (RuntimeException | Error e) {
                e.printStackTrace(log);
                Files.writeString(state.resolve("failed"), String.valueOf(e.getMessage()));
                System.exit(1);
                return;
            }
            try (fixture) {
                writeProperties(fixture.env(), state.resolve("jmeter-target.properties"));
                log.println("sandbox " + fixture.baseUrl() + " seeded; summary " + fixture.summaryPath());
                Files.writeString(state.resolve("ready"), fixture.baseUrl());
                awaitStop(state, log);
            }
            log.println("sandbox stopped");
        }
        System.exit(0);
    }

    /** The plans run with {@code -Jperf.profile=smoke}: the sandbox their smoke profiles assume. */
    public static SandboxFixture.Builder fixtureFor(Path state) {
        return SandboxFixture.builder().smokeProfile().workDir(state.resolve("fixture"));
    }

    private static void writeProperties(Map<String, String> env, Path file) throws IOException {
        Properties props = new Properties();
        props.putAll(env);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "settings of the sandbox for the Maven smoke run (JMeter properties, -q)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitStop(Path state, PrintStream log) throws InterruptedException {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long deadline = System.nanoTime() + HARD_CAP.toNanos();
        while (true) {
            if (Files.exists(state.resolve("stop"))) {
                log.println("stop requested by the build");
                return;
            }
            if (parent.isPresent() && !parent.get().isAlive()) {
                log.println("the process that started the sandbox is gone");
                return;
            }
            if (System.nanoTime() > deadline) {
                log.println("hard cap of " + HARD_CAP + " reached");
                return;
            }
            Thread.sleep(250);
        }
    }
}

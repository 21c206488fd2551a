package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One non-GUI run of a plan through the real launcher {@code jmeter-home/target/jmeter/bin/jmeter}, as a user runs it:
 * a subprocess with its own environment, a hard timeout after which it (and its children) are killed, and everything it
 * writes in one output folder.
 *
 * <pre>
 * JMeterResult r = JMeterRun.plan(JMeterHome.plan("redeem.jmx")).env(sandbox.env()).property("perf.profile", "smoke")
 *         .outputDir(dir).htmlReport(true).timeout(Duration.ofMinutes(3)).run();
 * </pre>
 */
public final class JMeterRun {
    /** Environment variables of the plans that a run must never inherit from the developer's shell. */
    public static final List<String> PLAN_VARIABLES = List.of("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY",
            "PERF_APP_BASE_URL", "PERF_VOUCHER_PREVIEW_URL", "PERF_CAMPAIGN_DISPATCH_URL", "PERF_STATION_REDEEM_URL",
            "PERF_STATION_AUTH_HEADER", "PERF_SUPABASE_METRICS_URL", "PERF_WABA_SANDBOX_NUMBER",
            "PERF_WABA_SANDBOX_TOKEN", "PERF_CAMPAIGN_BEARER", "BRIDGE_SHARED_SECRET", "PERF_OUTPUT_FILE",
            "PERF_LOCUST_LOG", "PERF_SUMMARY_PATH");

    private final Path plan;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> extraArgs = new ArrayList<>();
    private Path outputDir;
    private Duration timeout = Duration.ofMinutes(3);
    private boolean htmlReport;
    private boolean evidenceInOutputDir = true;
    private String heap = "-Xms256m -Xmx768m";
    private int midRunSamples;
    private Duration midRunDelay;
    private java.util.function.Consumer<ProcessHandle> midRunAction;
    private Path home;

    private JMeterRun(Path plan) {
        this.plan = plan.toAbsolutePath().normalize();
    }

    public static JMeterRun plan(Path plan) {
        return new JMeterRun(plan);
    }

    /** A JMeter property ({@code -Jname=value}). */
    public JMeterRun property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public JMeterRun properties(Map<String, String> values) {
        properties.putAll(values);
        return this;
    }

    /** An environment variable of the JMeter process; {@code null} removes it. */
    public JMeterRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public JMeterRun env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** Removes a variable (e.g. {@code PERF_STATION_REDEEM_URL}) that {@link #env(Map)} set. */
    public JMeterRun withoutEnv(String name) {
        env.put(name, null);
        return this;
    }

    /** Any other command-line arguments, appended after the ones this class builds. */
    public JMeterRun arg(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /**
     * The folder for the JTL, jmeter.log, report and evidence; a fresh temp folder by default. A folder given here is
     * emptied first: JMeter appends to an old JTL and refuses a non-empty report folder.
     */
    public JMeterRun outputDir(Path dir) {
        this.outputDir = dir;
        return this;
    }

    public JMeterRun timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Generate the HTML dashboard ({@code -e -o <output>/report}). */
    public JMeterRun htmlReport(boolean on) {
        this.htmlReport = on;
        return this;
    }

    /**
     * By default the run's evidence ({@code perf.evidence.dir}, {@code PERF_OUTPUT_FILE}, {@code PERF_LOCUST_LOG}) goes
     * into the output folder, so a test can scan everything the run wrote and never litters the repo's {@code .perf/}.
     * Turn off to test the plans' own defaults.
     */
    public JMeterRun evidenceInOutputDir(boolean on) {
        this.evidenceInOutputDir = on;
        return this;
    }

    /**
     * Once the run's {@code -l} JTL holds {@code samples} rows, calls {@code action} (once, on its own thread) with the
     * running JVM: to signal it or ask it to stop, as a user would mid-run.
     */
    public JMeterRun onceSamples(int samples, java.util.function.Consumer<ProcessHandle> action) {
        this.midRunSamples = samples;
        this.midRunAction = action;
        return this;
    }

    /** Runs with the launcher of another JMeter home ({@code <home>/bin/jmeter}) instead of the build's. */
    public JMeterRun home(Path jmeterHome) {
        this.home = jmeterHome.toAbsolutePath().normalize();
        return this;
    }

    /** After {@code delay} from the start, calls {@code action} (once, on its own thread) with the running JVM. */
    public JMeterRun after(Duration delay, java.util.function.Consumer<ProcessHandle> action) {
        this.midRunDelay = delay;
        this.midRunAction = action;
        return this;
    }

    /** The {@code HEAP} the launcher gives the JVM. */
    public JMeterRun heap(String heap) {
        this.heap = heap;
        return this;
    }

    /** Runs JMeter to completion (or to the timeout, then kills it) and returns what it left behind. */
    public JMeterResult run() {
        try {
            Path out = outputDir != null ? outputDir : Files.createTempDirectory("jmeter-run-");
            SandboxFixture.deleteTree(out);
            Files.createDirectories(out);
            Path jtl = out.resolve("results.jtl");
            Path log = out.resolve("jmeter.log");
            Path report = out.resolve("report");
            Path evidence = out.resolve("evidence");

            List<String> command = new ArrayList<>();
            command.add(home == null ? JMeterHome.launcher().toString() : home.resolve("bin/jmeter").toString());
            command.addAll(List.of("-n", "-t", plan.toString(), "-l", jtl.toString(), "-j", log.toString()));
            if (htmlReport) {
                command.addAll(List.of("-e", "-o", report.toString()));
            }
            Map<String, String> props = new LinkedHashMap<>();
            if (evidenceInOutputDir) {
                props.put("perf.evidence.dir", evidence.toString());
            }
            props.putAll(properties);
            props.forEach((k, v) -> command.add("-J" + k + "=" + v));
            command.addAll(extraArgs);

            ProcessBuilder pb = new ProcessBuilder(command).directory(out.toFile());
            Map<String, String> processEnv = pb.environment();
            PLAN_VARIABLES.forEach(processEnv::remove);
            processEnv.remove("JVM_ARGS");
            processEnv.put("HEAP", heap);
            if (evidenceInOutputDir) {
                processEnv.put("PERF_OUTPUT_FILE", evidence.resolve("summary.json").toString());
                processEnv.put("PERF_LOCUST_LOG", evidence.resolve("campaign-responses.log").toString());
            }
            env.forEach((k, v) -> {
                if (v == null) {
                    processEnv.remove(k);
                } else {
                    processEnv.put(k, v);
                }
            });

            long started = System.nanoTime();
            Process process = pb.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (midRunAction != null) {
                watchSamples(process, jtl);
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                destroyTree(process);
            }
            int exit = process.waitFor();
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            return new JMeterResult(exit, !finished, wall, stdout.get(30, TimeUnit.SECONDS),
                    stderr.get(30, TimeUnit.SECONDS), out, jtl, log, htmlReport ? report : null, List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JMeter ran", e);
        } catch (Exception e) {
            throw new IllegalStateException("JMeter run failed: " + e.getMessage(), e);
        }
    }

    private void watchSamples(Process process, Path jtl) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                boolean due = midRunDelay != null
                        ? System.nanoTime() - (deadline - timeout.toNanos()) >= midRunDelay.toNanos()
                        : rows(jtl) >= midRunSamples;
                if (due) {
                    midRunAction.accept(process.toHandle());
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "jmeter-mid-run");
        t.setDaemon(true);
        t.start();
    }

    private static long rows(Path jtl) {
        try (var lines = Files.lines(jtl, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.count() - 1);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("<unreadable: " + e.getMessage() + ">");
            }
        }, "jmeter-output-drain");
        t.setDaemon(true);
        t.start();
        return text;
    }
}

package africa.easymo.perf.testplans.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import africa.easymo.perf.testplans.demo.EvidenceIndex;
import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * The one-command demo ({@code mvn -B -Pdemo verify}): starts and seeds the sandbox (or, when {@code SUPABASE_URL} and
 * the endpoint variables are set, seeds that target), runs the three plans through the laid-out {@code bin/jmeter} — at
 * smoke scale against the sandbox, full scale against a real target — writes {@code .perf/index.html} and stops the
 * sandbox. Exits 1 when any plan failed a threshold, aborted or did not run.
 */
public final class DemoMain {

    /** The plans, in the order they run. */
    static final List<String> PLANS = List.of("voucher-preview", "campaign-bulk-send", "redeem");

    /** What a real target needs besides SUPABASE_URL: the key and every journey's endpoint. */
    static final List<String> TARGET_VARIABLES = List.of("SUPABASE_SERVICE_ROLE_KEY", "PERF_CAMPAIGN_DISPATCH_URL",
            "PERF_STATION_REDEEM_URL");

    private static final Duration PLAN_TIMEOUT_SMOKE = Duration.ofMinutes(4);
    private static final Duration PLAN_TIMEOUT_FULL = Duration.ofMinutes(30);

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DemoMain <repository root>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]).toAbsolutePath().normalize(), System.getenv()));
    }

    static int run(Path repo, Map<String, String> env) throws Exception {
        preloadIndexWriter();
        Path evidence = repo.resolve(".perf");
        Files.createDirectories(evidence.resolve("logs"));
        Instant started = Instant.now();
        for (String plan : PLANS) {
            // A published summary left by an earlier run must never stand in for a plan that did not finish now.
            Files.deleteIfExists(evidence.resolve(plan + "-summary.json"));
        }

        boolean realTarget = env.get("SUPABASE_URL") != null && !env.get("SUPABASE_URL").isBlank();
        Map<String, Integer> exits = new LinkedHashMap<>();
        List<EvidenceIndex.Link> extras = new ArrayList<>();
        Path auditLog = auditLog(evidence, env);
        extras.add(new EvidenceIndex.Link("Campaign response audit log", auditLog));

        if (realTarget) {
            List<String> missing = new ArrayList<>();
            for (String v : TARGET_VARIABLES) {
                if (env.get(v) == null || env.get(v).isBlank()) {
                    missing.add(v);
                }
            }
            if (isBlank(env.get("PERF_APP_BASE_URL")) && isBlank(env.get("PERF_VOUCHER_PREVIEW_URL"))) {
                missing.add("PERF_APP_BASE_URL (or PERF_VOUCHER_PREVIEW_URL)");
            }
            if (!missing.isEmpty()) {
                System.err.println("demo: SUPABASE_URL is set, so the demo tests that target at full scale, but "
                        + String.join(", ", missing) + " " + (missing.size() == 1 ? "is" : "are")
                        + " not set. Set them, or unset SUPABASE_URL to run against the local sandbox.");
                return 2;
            }
            say("target mode: seeding " + env.get("SUPABASE_URL") + " and running the plans at full scale");
            Path seedLog = evidence.resolve("logs/seed.log");
            extras.add(new EvidenceIndex.Link("Seed log", seedLog));
            int seeded = seedRealTarget(repo, env, seedLog);
            if (seeded != 0) {
                System.err.println("demo: seeding failed (exit " + seeded + "); see " + seedLog);
                return 1;
            }
            exits.putAll(runPlans(repo, Map.of(), false, evidence, PLAN_TIMEOUT_FULL));
        } else {
            say("sandbox mode: starting the local sandbox and seeding it (set SUPABASE_URL and the endpoint"
                    + " variables to test a real target instead)");
            try (SandboxFixture sandbox = sandboxForSmoke().start()) {
                Files.copy(sandbox.workDir().resolve("seed.log"), evidence.resolve("logs/seed.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                extras.add(new EvidenceIndex.Link("Seed log", evidence.resolve("logs/seed.log")));
                say("sandbox " + sandbox.baseUrl() + " seeded in "
                        + Duration.between(started, Instant.now()).toSeconds() + " s");
                exits.putAll(runPlans(repo, sandbox.env(), true, evidence, PLAN_TIMEOUT_SMOKE));
                say("stopping the sandbox");
            }
        }
        for (String plan : PLANS) {
            extras.add(
                    new EvidenceIndex.Link("JMeter log of " + plan, evidence.resolve("logs/" + plan + "-jmeter.log")));
        }

        List<EvidenceIndex.PlanEntry> entries = new ArrayList<>();
        for (String plan : PLANS) {
            entries.add(new EvidenceIndex.PlanEntry(plan, evidence.resolve(plan + "-summary.json")));
        }
        boolean passed = EvidenceIndex.write(evidence,
                "easyMO load test evidence — " + (realTarget ? env.get("SUPABASE_URL") : "local sandbox, smoke scale"),
                entries, extras);
        Path index = evidence.resolve("index.html");

        System.out.println();
        System.out.println("== demo: " + (passed ? "PASSED" : "FAILED") + " in "
                + Duration.between(started, Instant.now()).toSeconds() + " s ==");
        exits.forEach((plan, code) -> System.out.println(String.format("  %-20s jmeter exit %d%s", plan, code,
                Files.isRegularFile(evidence.resolve(plan + "-summary.json")) ? "" : "  (no summary)")));
        System.out.println("Evidence: " + index.toUri());
        boolean allZero = exits.values().stream().allMatch(c -> c == 0);
        return passed && allZero ? 0 : 1;
    }

    /** The sandbox the plans' smoke profiles expect (campaign throttle raised above the smoke pace). */
    static SandboxFixture.Builder sandboxForSmoke() {
        return SandboxFixture.builder().smokeProfile();
    }

    /**
     * Loads the index writer's classes before the plans run: classes rebuilt by another build while the demo runs (a
     * developer's second terminal) must not cost the index at the very end.
     */
    private static void preloadIndexWriter() throws ClassNotFoundException {
        ClassLoader loader = DemoMain.class.getClassLoader();
        for (String name : new String[] { "EvidenceIndex", "EvidenceIndex$PlanEntry", "EvidenceIndex$Link",
                "EvidenceIndex$PlanView" }) {
            Class.forName("africa.easymo.perf.testplans.demo." + name, true, loader);
        }
    }

    private static Path auditLog(Path evidence, Map<String, String> env) {
        String configured = env.get("PERF_LOCUST_LOG");
        return isBlank(configured) ? evidence.resolve("campaign-responses.log") : Path.of(configured).toAbsolutePath();
    }

    /**
     * The plans through {@code bin/jmeter}. At smoke scale they run side by side (each is a few requests a second, and
     * three JVM start-ups in a row would take most of the demo's time); at full scale one after the other, so no plan's
     * load skews another's figures ({@code -Ddemo.sequential=true} forces that at smoke scale too). Each plan's console
     * goes to {@code .perf/logs/<plan>-console.log} and is printed when the plan ends.
     *
     * @return plan → JMeter's exit code
     */
    static Map<String, Integer> runPlans(Path repo, Map<String, String> targetEnv, boolean smoke, Path evidence,
            Duration timeout) throws IOException, InterruptedException {
        boolean parallel = smoke && !Boolean.getBoolean("demo.sequential");
        Map<String, Integer> exits = new LinkedHashMap<>();
        List<PlanProcess> running = new ArrayList<>();
        for (String plan : PLANS) {
            PlanProcess p = PlanProcess.start(repo, plan, targetEnv, smoke, evidence);
            if (parallel) {
                running.add(p);
            } else {
                exits.put(plan, p.await(timeout));
            }
        }
        for (PlanProcess p : running) {
            exits.put(p.plan, p.await(timeout));
        }
        return exits;
    }

    /** One {@code bin/jmeter} process of a plan. */
    private static final class PlanProcess {
        private static final List<Process> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

        static {
            // Ctrl-C on the demo must not leave JMeter processes behind.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(p -> {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }), "demo-stop-plans"));
        }

        final String plan;
        final Process process;
        final Path console;
        final Instant started = Instant.now();

        private PlanProcess(String plan, Process process, Path console) {
            this.plan = plan;
            this.process = process;
            this.console = console;
        }

        static PlanProcess start(Path repo, String plan, Map<String, String> targetEnv, boolean smoke, Path evidence)
                throws IOException {
            Path jmx = repo.resolve("testplans/" + plan + ".jmx");
            Path console = evidence.resolve("logs/" + plan + "-console.log");
            say("starting " + plan + (smoke ? " (smoke)" : " (full scale)") + "; console in "
                    + repo.relativize(console));
            List<String> command = new ArrayList<>(List.of(JMeterHome.launcher().toString(), "-n", "-t", jmx.toString(),
                    "-j", evidence.resolve("logs/" + plan + "-jmeter.log").toString(),
                    "-Jperf.evidence.dir=" + evidence));
            if (smoke) {
                command.add("-Jperf.profile=smoke");
            }
            ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            Map<String, String> processEnv = pb.environment();
            if (!targetEnv.isEmpty()) {
                // Against the sandbox only its settings count, never a developer's shell.
                JMeterRun.PLAN_VARIABLES.forEach(processEnv::remove);
                processEnv.putAll(targetEnv);
            }
            processEnv.putIfAbsent("HEAP", "-Xms256m -Xmx768m");
            Process p = pb.start();
            p.getOutputStream().close();
            ALL.add(p);
            return new PlanProcess(plan, p, console);
        }

        /** Waits for the plan (killing it after {@code timeout}), prints its console, returns its exit code. */
        int await(Duration timeout) throws InterruptedException, IOException {
            long left = timeout.toMillis() - Duration.between(started, Instant.now()).toMillis();
            int exit;
            if (!process.waitFor(Math.max(1, left), TimeUnit.MILLISECONDS)) {
                System.err.println(
                        "demo: " + plan + " did not finish within " + timeout.toMinutes() + " min; stopping it");
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor();
                }
                exit = 1;
            } else {
                exit = process.exitValue();
            }
            ALL.remove(process);
            System.out.println();
            System.out.println("---- " + plan + " (exit " + exit + ", "
                    + Duration.between(started, Instant.now()).toSeconds() + " s) ----");
            if (Files.exists(console)) {
                Files.readAllLines(console).stream().filter(l -> !l.startsWith("WARN StatusConsoleListener"))
                        .forEach(System.out::println);
            }
            System.out.flush();
            return exit;
        }
    }

    /** {@code seed-tool seed} against the user's target, with the user's environment, in a child JVM. */
    private static int seedRealTarget(Path repo, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "africa.easymo.perf.seed.SeedToolMain", "seed");
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return 1;
        }
        return p.exitValue();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
        System.out.flush();
    }
}

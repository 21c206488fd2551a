package africa.easymo.perf.testplans.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

/**
 * A seeded sandbox for end-to-end tests: the real sandbox in this JVM on an ephemeral port, seeded over HTTP by the
 * real seed tool ({@code seed-tool seed}, in a child JVM with the same class path and only the documented environment),
 * with the seed summary in a private temp folder. Start one per test class and share it:
 *
 * <pre>
 * static SandboxFixture sandbox;
 * &#64;BeforeAll static void up() { sandbox = SandboxFixture.start(); }
 * &#64;AfterAll static void down() { sandbox.close(); }
 * ... JMeterRun.plan(JMeterHome.plan("redeem.jmx")).env(sandbox.env()) ...
 * </pre>
 */
public final class SandboxFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final Path workDir;
    private final Path summaryPath;
    private final String seedOutput;

    private SandboxFixture(Sandbox sandbox, Path workDir, Path summaryPath, String seedOutput) {
        this.sandbox = sandbox;
        this.workDir = workDir;
        this.summaryPath = summaryPath;
        this.seedOutput = seedOutput;
    }

    /** Campaign dispatcher throttle of {@link Builder#smokeProfile()}: what the campaign IT uses too. */
    public static final int SMOKE_CAMPAIGN_TARGETS_PER_MINUTE = 100_000;

    /** A sandbox with the default configuration and the default fixture set. */
    public static SandboxFixture start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public DataSource dataSource() {
        return sandbox.dataSource();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return sandbox.baseUrl().toString();
    }

    /** The seed summary the seed tool wrote (contains station tokens: keep it out of scanned output). */
    public Path summaryPath() {
        return summaryPath;
    }

    /** The fixture's private folder (summary, variants, seed log); deleted on {@link #close()}. */
    public Path workDir() {
        return workDir;
    }

    /** What the seed tool printed. */
    public String seedOutput() {
        return seedOutput;
    }

    public JsonNode summaryJson() {
        try {
            return JSON.readTree(summaryPath.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The harness environment (docs/configuration.md) pointing at this sandbox: {@code SUPABASE_URL},
     * {@code SUPABASE_SERVICE_ROLE_KEY}, {@code PERF_APP_BASE_URL}, the four journey URLs, {@code BRIDGE_SHARED_SECRET}
     * and {@code PERF_SUMMARY_PATH}.
     */
    public Map<String, String> env() {
        String base = baseUrl();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SUPABASE_URL", base);
        env.put("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey());
        env.put("PERF_APP_BASE_URL", base);
        env.put("PERF_VOUCHER_PREVIEW_URL", base + "/api/vouchers/preview");
        env.put("PERF_CAMPAIGN_DISPATCH_URL", base + "/campaigns");
        env.put("PERF_STATION_REDEEM_URL", base + "/redeem");
        env.put("PERF_SUPABASE_METRICS_URL", base + "/customer/v1/privileged/metrics");
        env.put("BRIDGE_SHARED_SECRET", sandbox.config().bridgeSharedSecret());
        env.put("PERF_SUMMARY_PATH", summaryPath.toString());
        return env;
    }

    /**
     * Every secret a run against this sandbox could leak, by name: the service-role key, the bridge secret and each
     * station token of the summary. Feed it to {@link SecretScan}.
     */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey());
        secrets.put("BRIDGE_SHARED_SECRET", sandbox.config().bridgeSharedSecret());
        JsonNode stations = summaryJson().path("stationRedeemPayloads");
        for (int i = 0; i < stations.size(); i++) {
            String token = stations.get(i).path("token").asText("");
            if (!token.isBlank()) {
                secrets.put("stationRedeemPayloads[" + i + "].token", token);
            }
        }
        return secrets;
    }

    /** A {@link SecretScan} preloaded with {@link #secrets()}. */
    public SecretScan secretScan() {
        return new SecretScan().secrets(secrets());
    }

    /**
     * Writes a modified copy of the summary into the work folder (e.g. without redeem payloads, for a fail-fast test)
     * and returns its path.
     */
    public Path summaryVariant(String fileName, UnaryOperator<ObjectNode> edit) {
        try {
            ObjectNode copy = (ObjectNode) summaryJson().deepCopy();
            Path file = workDir.resolve(fileName);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), edit.apply(copy));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            deleteTree(workDir);
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is not a test failure
        }
    }

    /** Options of the sandbox and of the seed run. */
    public static final class Builder {
        private final SandboxConfig.Builder config = SandboxConfig.builder().port(0);
        private final List<String> seedArgs = new ArrayList<>();
        private Duration seedTimeout = Duration.ofMinutes(3);
        private Path workDir;

        private Builder() {
        }

        /** Adjusts the sandbox configuration (port stays 0 unless you set it). */
        public Builder config(Consumer<SandboxConfig.Builder> adjust) {
            adjust.accept(config);
            return this;
        }

        /**
         * The sandbox the plans' smoke profiles assume (the demo and the Maven smoke run): the campaign dispatcher's
         * throttle raised above the campaign plan's smoke pace ({@code perf.campaign.smoke.rate}, 12,000 targets/min,
         * and its own {@code perf.campaign.smoke.maxPerMinute}, 20,000), which the sandbox's default of 600/min answers
         * mostly with 429; and no WABA per-number limit, so WhatsApp throttling cannot trip the plan's 5 % abort
         * either.
         */
        public Builder smokeProfile() {
            return config(c -> c.campaign(africa.easymo.perf.sandbox.campaign.CampaignSettings.defaults()
                    .withTargetsPerMinute(SMOKE_CAMPAIGN_TARGETS_PER_MINUTE).withWabaMessagesPerMinute(0)));
        }

        /** The sandbox configuration {@link #start()} would use. */
        public SandboxConfig configuration() {
            return config.build();
        }

        /** Extra arguments for {@code seed-tool seed}, e.g. {@code "--bulk-targets", "1000"}. */
        public Builder seedArgs(String... args) {
            seedArgs.addAll(List.of(args));
            return this;
        }

        public Builder seedTimeout(Duration timeout) {
            this.seedTimeout = timeout;
            return this;
        }

        /** Where the summary goes; a fresh temp folder by default. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public SandboxFixture start() {
            Path dir;
            try {
                dir = workDir != null ? Files.createDirectories(workDir)
                        : Files.createTempDirectory("sandbox-fixture-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Sandbox sandbox = Sandbox.start(config.build());
            try {
                Path summary = dir.resolve("perf_seed_summary.json");
                String output = seed(sandbox, summary, seedArgs, seedTimeout, dir);
                if (!Files.isRegularFile(summary)) {
                    throw new IllegalStateException(
                            "seed tool exited 0 but wrote no summary at " + summary + "\n" + output);
                }
                return new SandboxFixture(sandbox, dir, summary, output);
            } catch (RuntimeException | Error e) {
                sandbox.close();
                throw e;
            }
        }
    }

    /** Runs {@code seed-tool seed} against the sandbox with only the documented environment. */
    static String seed(Sandbox sandbox, Path summary, List<String> extraArgs, Duration timeout, Path dir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(testClassPath());
        command.add("africa.easymo.perf.seed.SeedToolMain");
        command.add("seed");
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        JMeterRun.PLAN_VARIABLES.forEach(env::remove);
        env.put("SUPABASE_URL", sandbox.baseUrl().toString());
        env.put("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey());
        env.put("PERF_SUMMARY_PATH", summary.toString());
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = JMeterRun.drain(process.getInputStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                JMeterRun.destroyTree(process);
                throw new IllegalStateException(
                        "seed tool did not finish within " + timeout + ":\n" + out.get(10, TimeUnit.SECONDS));
            }
            String text = out.get(30, TimeUnit.SECONDS);
            Files.writeString(dir.resolve("seed.log"), text, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("seed tool exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    /**
     * This JVM's class path for a child JVM. Surefire/failsafe may run tests from a manifest-only jar; its
     * {@code Class-Path} entries are honoured by {@code java -cp}, so the path works as is.
     */
    static String testClassPath() {
        String cp = System.getProperty("java.class.path");
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            cp = surefire;
        }
        return String.join(File.pathSeparator, cp.split(File.pathSeparator));
    }

    /** Copies the summary to {@code target} (e.g. the plans' default location for a manual run). */
    public Path copySummaryTo(Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            return Files.copy(summaryPath, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package africa.easymo.perf.sandbox;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar easymo-perf-sandbox.jar [--port N] [--service-role-key K] [--jdbc-url U] [--bridge-secret S]}: runs
 * the sandbox until Ctrl-C.
 */
@Command(name = "easymo-perf-sandbox", mixinStandardHelpOptions = true, sortOptions = false, description = "Runs a local stand-in for easyMO staging (Supabase REST + Auth admin subset and the journey "
        + "endpoints) on an embedded PostgreSQL, until Ctrl-C.")
public final class SandboxMain implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "HTTP port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = SandboxConfig.DEFAULT_CLI_PORT;

    @Option(names = "--service-role-key", paramLabel = "K", description = "Service-role key to accept (else env SANDBOX_SERVICE_ROLE_KEY, else the published "
            + "development key).")
    String serviceRoleKey;

    @Option(names = "--jdbc-url", paramLabel = "U", description = "External PostgreSQL to use instead of the embedded one.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "User for --jdbc-url.")
    String jdbcUser;

    @Option(names = "--bridge-secret", paramLabel = "S", description = "Bridge shared secret the journey endpoints expect (else env BRIDGE_SHARED_SECRET, else "
            + "the published development value).")
    String bridgeSecret;

    @Option(names = "--campaign-targets-per-minute", paramLabel = "N", description = "Campaign dispatcher throttle: targets accepted per minute before 429 (0 = unlimited; "
            + "raise it for the campaign plan's smoke profile). Default: "
            + africa.easymo.perf.sandbox.campaign.CampaignSettings.DEFAULT_TARGETS_PER_MINUTE + ".")
    Integer campaignTargetsPerMinute;

    private final Map<String, String> env;
    private final PrintStream out;
    private final CountDownLatch stop;
    private volatile Sandbox running;

    SandboxMain(Map<String, String> env, PrintStream out, CountDownLatch stop) {
        this.env = env;
        this.out = out;
        this.stop = stop;
    }

    public static void main(String[] args) {
        // Startup chatter of the server and the pool is noise on a console that should show the URL and key.
        quietLogger("org.eclipse.jetty");
        quietLogger("com.zaxxer.hikari");
        quietLogger("io.zonky.test");
        CountDownLatch stop = new CountDownLatch(1);
        SandboxMain main = new SandboxMain(System.getenv(), System.out, stop);
        CommandLine cli = new CommandLine(main);
        int code = cli.execute(args);
        if (code != 0 || cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        SandboxConfig.Builder b = SandboxConfig.builder().port(port);
        String key = firstNonBlank(serviceRoleKey, env.get("SANDBOX_SERVICE_ROLE_KEY"));
        if (key != null) {
            b.serviceRoleKey(key);
        }
        String bridge = firstNonBlank(bridgeSecret, env.get("BRIDGE_SHARED_SECRET"));
        if (bridge != null) {
            b.bridgeSharedSecret(bridge);
        }
        if (campaignTargetsPerMinute != null) {
            b.campaign(africa.easymo.perf.sandbox.campaign.CampaignSettings.defaults()
                    .withTargetsPerMinute(campaignTargetsPerMinute));
        }
        b.jdbcUrl(firstNonBlank(jdbcUrl, env.get("SANDBOX_JDBC_URL")));
        b.jdbcUser(jdbcUser);
        String password = env.get("SANDBOX_JDBC_PASSWORD");
        if (password != null && !password.isBlank()) {
            b.jdbcPassword(password);
        }
        SandboxConfig config = b.build();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(config);
        } catch (RuntimeException e) {
            System.err.println("sandbox: could not start: " + e.getMessage());
            return 1;
        }
        running = sandbox;
        // Ctrl-C / SIGTERM: the JVM waits for this hook, so Jetty and PostgreSQL are down before it exits.
        Thread hook = new Thread(() -> {
            stop.countDown();
            sandbox.close();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(
                "easyMO perf sandbox listening on " + sandbox.baseUrl() + " (" + sandbox.databaseDescription() + ")");
        out.println("SUPABASE_URL=" + sandbox.baseUrl());
        // Only the published development key is printed; a key given by the user is a secret.
        out.println("SUPABASE_SERVICE_ROLE_KEY=" + (key == null ? config.serviceRoleKey() : "(as given)"));
        if (key == null) {
            out.println("(published development key, not a secret; set --service-role-key or "
                    + "SANDBOX_SERVICE_ROLE_KEY to use another)");
        }
        out.println("Ctrl-C to stop.");
        out.flush();
        try {
            stop.await();
        } finally {
            sandbox.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it closes the sandbox itself.
            }
        }
        return 0;
    }

    /** The running sandbox, for tests that start the command in-process. */
    Sandbox running() {
        return running;
    }

    /** Stops a command started in-process, as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }

    private static void quietLogger(String name) {
        String property = "org.slf4j.simpleLogger.log." + name;
        if (System.getProperty(property) == null) {
            System.setProperty(property, "warn");
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b != null && !b.isBlank() ? b.trim() : null;
    }
}

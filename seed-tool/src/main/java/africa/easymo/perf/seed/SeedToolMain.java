package africa.easymo.perf.seed;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.config.Settings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code seed-tool seed | verify | teardown | plan}: provisions the perf fixture set into a Supabase project, checks
 * it, removes it, or shows what it would write. Exit 0 on success, 1 when the run failed, 2 for usage or configuration
 * errors; errors are one line on stderr and never contain the service key.
 */
@Command(name = "seed-tool", mixinStandardHelpOptions = true, version = "easymo-perf seed-tool 0.1.0", description = "Provisions easyMO's perf fixtures into Supabase (SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY) and "
        + "writes the seed summary the plans read.", subcommands = { SeedCommand.class, VerifyCommand.class,
                TeardownCommand.class, PlanCommand.class, CommandLine.HelpCommand.class }, footer = { "",
                        "Exit codes: 0 ok, 1 failed run, 2 usage or configuration error." })
public final class SeedToolMain implements Callable<Integer> {
    Map<String, String> env = Map.of();
    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole tool, in-process: what {@link #main} does, minus the exit. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, Clock.systemUTC());
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        SeedToolMain root = new SeedToolMain();
        root.env = env;
        root.out = out;
        root.err = err;
        root.clock = clock;
        Redactor redactor = Redactor.of(
                Settings.resolve(Setting.SUPABASE_SERVICE_ROLE_KEY, null, env::get).map(List::of).orElse(List.of()));
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(redactor.redact("seed-tool: " + oneLine(ex.getMessage()) + " (see seed-tool --help)"));
            return SeedToolException.CONFIG;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof SeedToolException s) {
                err.println(redactor.redact("seed-tool: " + oneLine(s.getMessage())));
                return s.exitCode();
            }
            err.println(redactor.redact("seed-tool: unexpected failure: " + oneLine(String.valueOf(ex))));
            return SeedToolException.FAILED;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("seed-tool: out of memory (JVM max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB): run java with a larger -Xmx");
            code = SeedToolException.FAILED;
        }
        out.flush();
        err.flush();
        return code;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    @Override
    public Integer call() {
        err.println("seed-tool: a command is required: seed, verify, teardown or plan (see seed-tool --help)");
        return SeedToolException.CONFIG;
    }
}

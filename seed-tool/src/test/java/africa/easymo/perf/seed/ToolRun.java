package africa.easymo.perf.seed;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** One in-process run of the tool with captured output. */
record ToolRun(int exitCode, String out, String err) {
    static ToolRun of(Map<String, String> env, Clock clock, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = SeedToolMain.run(args, env, po, pe, clock);
        }
        return new ToolRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Everything the run printed, for "never prints the key" checks. */
    String all() {
        return out + err;
    }
}

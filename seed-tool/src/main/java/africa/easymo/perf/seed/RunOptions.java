package africa.easymo.perf.seed;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to talk to the target and where the summary lives. */
final class RunOptions {
    static final String DEFAULT_SUMMARY = "testplans/fixtures/generated/perf_seed_summary.json";

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "500", description = "Rows per upsert request (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4", description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = { "--out",
            "--summary" }, paramLabel = "FILE", description = "Seed summary file (default: $PERF_SUMMARY_PATH, else "
                    + DEFAULT_SUMMARY + ").")
    Path summary;

    Path summaryPath(Map<String, String> env) {
        if (summary != null) {
            return summary;
        }
        String p = env.get("PERF_SUMMARY_PATH");
        return Path.of(p == null || p.isBlank() ? DEFAULT_SUMMARY : p.trim());
    }

    void validate() {
        if (batchSize < 1 || batchSize > 5000) {
            throw SeedToolException.config("--batch-size must be 1..5000, was " + batchSize);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw SeedToolException.config("--parallelism must be 1..64, was " + parallelism);
        }
    }
}

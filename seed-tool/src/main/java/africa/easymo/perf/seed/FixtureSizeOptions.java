package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixtureOptions;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.SeedSummaryException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** The sizes of the fixture set; shared by every command so verify and teardown address what seed wrote. */
final class FixtureSizeOptions {
    @Option(names = "--redeem-pool-per-station", paramLabel = "N", description = "Issued vouchers per station in the redeem pool (1..1296; default 30 = 150 redeems/min "
            + "x 10 min over 50 stations). verify/teardown: default from the summary, else 30.")
    Integer redeemPoolPerStation;

    @Option(names = "--bulk-targets", paramLabel = "N", description = "Bulk campaign targets on the running campaign (0..1,000,000; default 10,000). "
            + "verify/teardown: default from the summary, else 10,000.")
    Integer bulkTargets;

    /** For seed and plan: the options, else the defaults. */
    FixtureOptions resolve(Clock clock) {
        return build(redeemPoolPerStation, bulkTargets, clock);
    }

    /**
     * For verify and teardown: sizes given on the command line win; otherwise those of the summary the seed wrote (if
     * it exists and is of the current format), so a {@code seed --bulk-targets 100000} is verified as such.
     */
    FixtureOptions resolve(Clock clock, Path summary, PrintStream out) {
        Integer pool = redeemPoolPerStation;
        Integer bulk = bulkTargets;
        if ((pool == null || bulk == null) && summary != null && Files.isRegularFile(summary)) {
            try {
                SeedSummary s = SeedSummary.read(summary);
                if (!s.isLegacyFormat()) {
                    if (pool == null) {
                        pool = s.redeemPoolPerStation();
                    }
                    if (bulk == null) {
                        bulk = s.campaignDispatch().bulkTargetMsisdns().size();
                    }
                    out.println("sizes from " + summary + ": redeem pool " + pool + " per station, " + bulk
                            + " bulk targets");
                }
            } catch (SeedSummaryException e) {
                out.println("not using " + summary + " for sizes: " + e.getMessage());
            }
        }
        return build(pool, bulk, clock);
    }

    private static FixtureOptions build(Integer pool, Integer bulk, Clock clock) {
        int p = pool == null ? FixtureOptions.DEFAULT_REDEEM_POOL_PER_STATION : pool;
        int b = bulk == null ? FixtureOptions.DEFAULT_BULK_TARGETS : bulk;
        if (p < 1 || p > FixtureOptions.MAX_REDEEM_POOL_PER_STATION) {
            throw SeedToolException.config("--redeem-pool-per-station must be 1.."
                    + FixtureOptions.MAX_REDEEM_POOL_PER_STATION + ", was " + p);
        }
        if (b < 0 || b > FixtureOptions.MAX_BULK_TARGETS) {
            throw SeedToolException
                    .config("--bulk-targets must be 0.." + FixtureOptions.MAX_BULK_TARGETS + ", was " + b);
        }
        return new FixtureOptions(p, b, clock);
    }
}

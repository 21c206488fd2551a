package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.core.RetryPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the fixture sizes, the run options, and the way to the target. */
abstract class FixtureCommand implements Callable<Integer> {
    @ParentCommand
    SeedToolMain root;

    @Mixin
    FixtureSizeOptions sizes;

    @Mixin
    RunOptions run;

    /**
     * The target of the environment, checked before any work (reachable, the key accepted), with one connection per
     * parallel batch and two for reads on the side.
     */
    final SupabaseTarget openTarget() {
        SupabaseTarget target = SupabaseTarget.fromEnvironment(root.env, run.parallelism + 2, RetryPolicy.defaults());
        try {
            target.preflight();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** The plan {@code seed} wrote: sizes from the current summary when there is one (verify, teardown). */
    final FixturePlan planOfSeededSummary() {
        return FixturePlan.of(sizes.resolve(root.clock, run.summaryPath(root.env), root.out));
    }
}

package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.supabase.RetryPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "teardown", mixinStandardHelpOptions = true,
        description = "Deletes exactly the perf fixtures, by their ids; nothing else.")
final class TeardownCommand implements Callable<Integer> {
    @ParentCommand
    SeedToolMain root;

    @Mixin
    FixtureSizeOptions sizes;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        run.validate();
        try (SupabaseTarget target = SupabaseTarget.fromEnvironment(root.env, run.parallelism + 2,
                RetryPolicy.defaults())) {
            target.preflight();
            FixturePlan plan = FixturePlan.of(sizes.resolve(root.clock, run.summaryPath(root.env), root.out));
            root.out.println("tearing down the perf fixtures on " + target.url());
            new Teardown(target.client(), plan, run.parallelism, root.out).run();
            root.out.println("teardown complete");
        }
        return 0;
    }
}

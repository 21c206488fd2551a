package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import picocli.CommandLine.Command;

@Command(name = "teardown", mixinStandardHelpOptions = true, description = "Deletes exactly the perf fixtures, by their ids; nothing else.")
final class TeardownCommand extends FixtureCommand {
    @Override
    public Integer call() {
        run.validate();
        try (SupabaseTarget target = openTarget()) {
            FixturePlan plan = planOfSeededSummary();
            root.out.println("tearing down the perf fixtures on " + target.url());
            new Teardown(target.client(), plan, run.parallelism, root.out).run();
            root.out.println("teardown complete");
        }
        return 0;
    }
}

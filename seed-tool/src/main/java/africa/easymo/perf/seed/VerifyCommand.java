package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Reads every fixture row back and lists each one that is missing or differs; exit 1 when any.")
final class VerifyCommand extends FixtureCommand {
    @Override
    public Integer call() {
        run.validate();
        try (SupabaseTarget target = openTarget()) {
            FixturePlan plan = planOfSeededSummary();
            long[] missingAndDiffer = new long[2];
            long total = new Verifier(target.client(), plan, run.parallelism, root.clock.instant()).run(p -> {
                root.out.println(p.line());
                missingAndDiffer[p.missing() ? 0 : 1]++;
            });
            long missing = missingAndDiffer[0];
            long differ = missingAndDiffer[1];
            if (missing + differ == 0) {
                root.out.println(
                        String.format(Locale.ROOT, "verify: all %,d fixture rows present and as seeded", total));
                return 0;
            }
            root.out.println(String.format(Locale.ROOT, "verify: %,d missing, %,d differ (of %,d fixture rows)",
                    missing, differ, total));
            return SeedToolException.FAILED;
        }
    }
}

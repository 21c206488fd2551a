package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.fixture.FixtureRows;
import africa.easymo.perf.lib.fixture.FixtureTable;
import africa.easymo.perf.lib.summary.SeedSummary;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Prints the row counts and a sample of what seed would write; touches nothing.")
final class PlanCommand extends FixtureCommand {
    @Override
    public Integer call() {
        run.validate();
        FixturePlan plan = FixturePlan.of(sizes.resolve(root.clock));
        Map<FixtureTable, Integer> counts = plan.counts();
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        root.out.println(String.format(Locale.ROOT, "fixture plan %s: %,d rows", FixturePlan.SEED_VERSION, total));
        for (FixtureTable t : FixtureTable.values()) {
            FixtureRows rows = plan.rows(t);
            root.out.println(String.format(Locale.ROOT, "  %-17s %,10d rows (upsert on %s)", t.tableName(), rows.size(),
                    t.onConflict()));
        }
        root.out.println("sample rows:");
        for (FixtureTable t : FixtureTable.values()) {
            FixtureRows rows = plan.rows(t);
            if (rows.size() > 0) {
                root.out.println("  " + t.tableName() + ": " + rows.row(0));
            }
        }
        SeedSummary s = plan.toSummary();
        root.out.println(String.format(Locale.ROOT,
                "summary would be written to %s: %d preview payloads, %d stations x %d pool vouchers, %,d bulk "
                        + "targets (%s .. %s), %d curated targets",
                run.summaryPath(root.env), s.voucherPreviewPayloads().size(), s.stationRedeemPayloads().size(),
                s.redeemPoolPerStation(), s.campaignDispatch().bulkTargetMsisdns().size(), first(s), last(s),
                s.curatedCampaignTargets().size()));
        return 0;
    }

    private static String first(SeedSummary s) {
        return s.campaignDispatch().bulkTargetMsisdns().isEmpty() ? "-"
                : s.campaignDispatch().bulkTargetMsisdns().get(0);
    }

    private static String last(SeedSummary s) {
        int n = s.campaignDispatch().bulkTargetMsisdns().size();
        return n == 0 ? "-" : s.campaignDispatch().bulkTargetMsisdns().get(n - 1);
    }

    static String countsLine(Map<FixtureTable, Integer> counts) {
        StringJoiner j = new StringJoiner(", ");
        counts.forEach((t, n) -> j.add(String.format(Locale.ROOT, "%s %,d", t.tableName(), n)));
        return j.toString();
    }
}

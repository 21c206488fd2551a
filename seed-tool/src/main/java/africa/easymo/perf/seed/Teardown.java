package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.fixture.FixtureRows;
import africa.easymo.perf.lib.fixture.FixtureTable;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.lib.supabase.SupabaseException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Deletes exactly the fixture rows, by their keys, children first (events, targets, vouchers, station numbers,
 * campaigns, stations, profiles, auth users). Rows that are not fixtures are never addressed; one that still points at
 * a fixture (a foreign key without cascade) makes the delete fail with the server's message rather than be removed.
 */
final class Teardown {
    private static final List<FixtureTable> ORDER = List.of(FixtureTable.VOUCHER_EVENTS, FixtureTable.CAMPAIGN_TARGETS,
            FixtureTable.VOUCHERS, FixtureTable.STATION_NUMBERS, FixtureTable.CAMPAIGNS, FixtureTable.STATIONS,
            FixtureTable.PROFILES, FixtureTable.AUTH_USERS);

    private final SupabaseClient client;
    private final FixturePlan plan;
    private final int parallelism;
    private final PrintStream out;

    Teardown(SupabaseClient client, FixturePlan plan, int parallelism, PrintStream out) {
        this.client = client;
        this.plan = plan;
        this.parallelism = parallelism;
        this.out = out;
    }

    /** Deletes rows {@code from..to} of the table, by key; the keys are made here so only a window is in memory. */
    private void delete(FixtureRows rows, int from, int to) {
        FixtureTable t = rows.table();
        if (t.isAuth()) {
            client.deleteUser(rows.row(from).get("id").asText());
        } else if (t.keyColumns().size() > 1) {
            ObjectNode r = rows.row(from);
            StringBuilder q = new StringBuilder();
            for (String c : t.keyColumns()) {
                q.append(q.length() > 0 ? "&" : "").append(c).append("=eq.")
                        .append(SupabaseClient.enc(r.get(c).asText()));
            }
            client.delete(t.tableName(), q.toString());
        } else {
            String col = t.keyColumns().get(0);
            List<String> keys = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                keys.add(rows.row(i).get(col).asText());
            }
            client.delete(t.tableName(), col + "=" + SupabaseClient.inList(keys));
        }
    }

    void run() {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "seed-teardown");
            t.setDaemon(true);
            return t;
        });
        try {
            for (FixtureTable t : ORDER) {
                FixtureRows rows = plan.rows(t);
                List<Supplier<Void>> tasks = new ArrayList<>();
                int step = t.isAuth() || t.keyColumns().size() > 1 ? 1 : Verifier.KEYS_PER_REQUEST;
                for (int from = 0; from < rows.size(); from += step) {
                    int f = from;
                    int to = Math.min(rows.size(), from + step);
                    tasks.add(() -> {
                        delete(rows, f, to);
                        return null;
                    });
                }
                try {
                    InOrderParallel.run(pool, parallelism * 4, tasks.iterator(), v -> {
                    });
                } catch (SupabaseException s) {
                    throw SeedToolException
                            .failed("teardown of " + t.tableName() + " failed: " + SupabaseTarget.describe(s));
                }
                out.println(String.format(Locale.ROOT, "  %-17s %,10d fixture rows deleted (where present)",
                        t.tableName(), rows.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

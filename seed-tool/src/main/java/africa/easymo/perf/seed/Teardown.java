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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Deletes exactly the fixture rows, by their keys, children first (events, targets, vouchers, station numbers,
 * campaigns, stations, profiles, auth users). Rows that are not fixtures are never addressed; one that still points at
 * a fixture (a foreign key without cascade) makes the delete fail with the server's message rather than be removed.
 */
final class Teardown {
    private static final List<FixtureTable> ORDER = List.of(FixtureTable.VOUCHER_EVENTS,
            FixtureTable.CAMPAIGN_TARGETS, FixtureTable.VOUCHERS, FixtureTable.STATION_NUMBERS,
            FixtureTable.CAMPAIGNS, FixtureTable.STATIONS, FixtureTable.PROFILES, FixtureTable.AUTH_USERS);

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

    void run() {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "seed-teardown");
            t.setDaemon(true);
            return t;
        });
        try {
            for (FixtureTable t : ORDER) {
                FixtureRows rows = plan.rows(t);
                List<CompletableFuture<Void>> parts = new ArrayList<>();
                if (t.isAuth()) {
                    for (int i = 0; i < rows.size(); i++) {
                        String id = rows.row(i).get("id").asText();
                        parts.add(CompletableFuture.runAsync(() -> client.deleteUser(id), pool));
                    }
                } else if (t.keyColumns().size() > 1) {
                    for (int i = 0; i < rows.size(); i++) {
                        ObjectNode r = rows.row(i);
                        StringBuilder q = new StringBuilder();
                        for (String c : t.keyColumns()) {
                            q.append(q.length() > 0 ? "&" : "").append(c).append("=eq.").append(SupabaseClient.enc(r
                                    .get(c).asText()));
                        }
                        parts.add(CompletableFuture.runAsync(() -> client.delete(t.tableName(), q.toString()), pool));
                    }
                } else {
                    String col = t.keyColumns().get(0);
                    for (int from = 0; from < rows.size(); from += Verifier.KEYS_PER_REQUEST) {
                        List<String> keys = new ArrayList<>();
                        for (int i = from; i < Math.min(rows.size(), from + Verifier.KEYS_PER_REQUEST); i++) {
                            keys.add(rows.row(i).get(col).asText());
                        }
                        parts.add(CompletableFuture.runAsync(
                                () -> client.delete(t.tableName(), col + "=" + SupabaseClient.inList(keys)), pool));
                    }
                }
                try {
                    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof SupabaseException s) {
                        throw SeedToolException.failed(
                                "teardown of " + t.tableName() + " failed: " + SupabaseTarget.describe(s));
                    }
                    throw e;
                }
                out.println(String.format(Locale.ROOT, "  %-17s %,10d fixture rows deleted (where present)",
                        t.tableName(), rows.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

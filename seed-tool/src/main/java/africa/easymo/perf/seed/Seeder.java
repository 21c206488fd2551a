package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.fixture.FixtureRows;
import africa.easymo.perf.lib.fixture.FixtureTable;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.lib.supabase.SupabaseException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upserts a fixture plan. Each table starts as soon as the tables its foreign keys point at are complete (auth users →
 * profiles; stations, campaigns at once; then station numbers, vouchers, campaign targets; then voucher events), and
 * its batches run in parallel on a bounded pool. Every write is an idempotent upsert on the row's key, so an
 * interrupted seed is finished by running it again. The first failure stops further batches and is reported with the
 * table, the row key and the server's code and message.
 */
final class Seeder {
    private final SupabaseClient client;
    private final FixturePlan plan;
    private final int batchSize;
    private final int parallelism;
    private final Progress progress;
    private final AtomicReference<SeedToolException> failure = new AtomicReference<>();

    Seeder(SupabaseClient client, FixturePlan plan, int batchSize, int parallelism, Progress progress) {
        this.client = client;
        this.plan = plan;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    void run() {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "seed-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<FixtureTable, CompletableFuture<Void>> done = new EnumMap<>(FixtureTable.class);
            for (FixtureTable t : FixtureTable.values()) {
                CompletableFuture<?>[] deps = t.dependsOn().stream().map(done::get).toArray(CompletableFuture[]::new);
                done.put(t, CompletableFuture.allOf(deps).thenCompose(v -> table(t, pool)));
            }
            try {
                CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                SeedToolException f = failure.get();
                if (f != null) {
                    throw f;
                }
                Throwable c = e.getCause() == null ? e : e.getCause();
                throw SeedToolException.failed("seed failed: " + c);
            }
            SeedToolException f = failure.get();
            if (f != null) {
                throw f;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private CompletableFuture<Void> table(FixtureTable t, ExecutorService pool) {
        if (failure.get() != null) {
            return CompletableFuture.completedFuture(null);
        }
        progress.tableStarted(t);
        FixtureRows rows = plan.rows(t);
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        if (t.isAuth()) {
            for (int i = 0; i < rows.size(); i++) {
                int index = i;
                parts.add(CompletableFuture.runAsync(() -> guarded(() -> authUser(rows.row(index))), pool));
            }
        } else {
            for (int from = 0; from < rows.size(); from += batchSize) {
                int f = from;
                int to = Math.min(rows.size(), from + batchSize);
                parts.add(CompletableFuture.runAsync(() -> guarded(() -> batch(rows, f, to)), pool));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (failure.get() == null) {
                progress.tableDone(t);
            }
        });
    }

    private void guarded(Runnable work) {
        if (failure.get() != null) {
            return;
        }
        try {
            work.run();
        } catch (SeedToolException e) {
            failure.compareAndSet(null, e);
            throw e;
        } catch (RuntimeException e) {
            SeedToolException f = SeedToolException.failed("seed failed: " + e);
            failure.compareAndSet(null, f);
            throw f;
        }
    }

    private void batch(FixtureRows rows, int from, int to) {
        FixtureTable t = rows.table();
        List<ObjectNode> batch = rows.rows(from, to);
        try {
            client.upsert(t.tableName(), t.onConflict(), batch);
        } catch (SupabaseException e) {
            throw rowFailure(t, batch, e);
        }
        progress.rowsDone(t, batch.size());
    }

    /**
     * A batch the server refused: find the row by halving the batch (upserts are idempotent, so re-sending the rows
     * that were fine changes nothing), so the message can name it.
     */
    private SeedToolException rowFailure(FixtureTable t, List<ObjectNode> batch, SupabaseException e) {
        if (e.isNetworkError() || e.status() >= 500 || e.status() == 429 || e.status() == 401 || e.status() == 403) {
            return SeedToolException.failed(t.tableName() + " rows " + FixtureRows.keyOf(t, batch.get(0))
                    + " and following: " + SupabaseTarget.describe(e));
        }
        List<ObjectNode> suspects = batch;
        SupabaseException last = e;
        while (suspects.size() > 1) {
            List<ObjectNode> first = suspects.subList(0, suspects.size() / 2);
            List<ObjectNode> second = suspects.subList(suspects.size() / 2, suspects.size());
            try {
                client.upsert(t.tableName(), t.onConflict(), first);
                suspects = second;
            } catch (SupabaseException again) {
                if (again.status() != last.status()) {
                    break;
                }
                last = again;
                suspects = first;
            }
        }
        if (suspects.size() == 1) {
            try {
                client.upsert(t.tableName(), t.onConflict(), suspects);
            } catch (SupabaseException single) {
                last = single;
            }
        }
        return SeedToolException.failed(
                t.tableName() + " " + FixtureRows.keyOf(t, suspects.get(0)) + ": " + SupabaseTarget.describe(last));
    }

    /**
     * Create with the chosen id; when the e-mail or the id already exists (a re-seed), update that user instead.
     */
    private void authUser(ObjectNode user) {
        String id = user.get("id").asText();
        try {
            client.createUser(user);
        } catch (SupabaseException e) {
            if (e.status() != 422 && e.status() != 409) {
                throw SeedToolException.failed("auth.users id=" + id + ": " + SupabaseTarget.describe(e));
            }
            ObjectNode changes = user.deepCopy();
            changes.remove("id");
            try {
                client.updateUser(id, changes);
            } catch (SupabaseException u) {
                if (u.status() == 404) {
                    throw SeedToolException.failed("auth.users id=" + id + ": " + user.get("email").asText()
                            + " belongs to another user (" + SupabaseTarget.describe(e) + ")");
                }
                throw SeedToolException.failed("auth.users id=" + id + ": " + SupabaseTarget.describe(u));
            }
        }
        progress.rowsDone(FixtureTable.AUTH_USERS, 1);
    }
}

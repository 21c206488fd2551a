package africa.easymo.perf.seed;

import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.fixture.FixtureRows;
import africa.easymo.perf.lib.fixture.FixtureTable;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.lib.supabase.SupabaseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads every fixture row back by its key and lists each one that is missing or differs from the plan. Columns that
 * depend on the seeding clock are checked by rule instead (an issued voucher still expires in the future, a redeemed
 * one was redeemed within 48 hours), so a verify some time after the seed compares like with like.
 */
final class Verifier {
    static final int KEYS_PER_REQUEST = 100;

    private final SupabaseClient client;
    private final FixturePlan plan;
    private final int parallelism;
    private final Instant now;

    Verifier(SupabaseClient client, FixturePlan plan, int parallelism, Instant now) {
        this.client = client;
        this.plan = plan;
        this.parallelism = parallelism;
        this.now = now;
    }

    /**
     * Hands every problem to {@code sink}, in table order then plan order, as the chunks come back (a torn-down
     * million-target set is a million problems: they are printed, not collected).
     *
     * @return the number of rows checked
     */
    long run(Consumer<RowProblem> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "seed-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Supplier<List<RowProblem>>> tasks = new ArrayList<>();
            long rowsChecked = 0;
            for (FixtureTable t : FixtureTable.values()) {
                FixtureRows rows = plan.rows(t);
                rowsChecked += rows.size();
                int step = t.isAuth() ? 1 : KEYS_PER_REQUEST;
                for (int from = 0; from < rows.size(); from += step) {
                    int f = from;
                    int to = Math.min(rows.size(), from + step);
                    tasks.add(() -> t.isAuth() ? authUser(rows.row(f)) : chunk(rows, f, to));
                }
            }
            InOrderParallel.run(pool, parallelism * 4, tasks.iterator(), problems -> problems.forEach(sink));
            return rowsChecked;
        } catch (SupabaseException s) {
            throw SeedToolException.failed("verify could not read " + s.call() + ": " + SupabaseTarget.describe(s));
        } finally {
            pool.shutdownNow();
        }
    }

    private List<RowProblem> chunk(FixtureRows rows, int from, int to) {
        FixtureTable t = rows.table();
        List<ObjectNode> expected = rows.rows(from, to);
        String keyColumn = t.keyColumns().get(0);
        Set<String> keys = new LinkedHashSet<>();
        for (ObjectNode e : expected) {
            keys.add(e.get(keyColumn).asText());
        }
        ArrayNode actual = client.select(t.tableName(), "select=*&" + keyColumn + "=" + SupabaseClient.inList(keys));
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode a : actual) {
            if (a instanceof ObjectNode o) {
                byKey.put(FixtureRows.keyOf(t, o), o);
            }
        }
        List<RowProblem> problems = new ArrayList<>();
        for (ObjectNode e : expected) {
            String key = FixtureRows.keyOf(t, e);
            JsonNode a = byKey.get(key);
            if (a == null) {
                problems.add(new RowProblem(t.tableName(), key, null));
                continue;
            }
            compare(t, e, a).ifPresent(p -> problems.add(new RowProblem(t.tableName(), key, p)));
        }
        return problems;
    }

    private Optional<String> compare(FixtureTable t, ObjectNode expected, JsonNode actual) {
        List<String> diffs = new ArrayList<>();
        for (Iterator<String> it = expected.fieldNames(); it.hasNext();) {
            String c = it.next();
            if (t.clockColumns().contains(c)) {
                continue;
            }
            if (!JsonSameness.same(expected.get(c), actual.get(c))) {
                diffs.add(c + " is " + JsonSameness.show(actual.get(c)) + ", expected "
                        + JsonSameness.show(expected.get(c)));
            }
        }
        clockRules(t, expected, actual, diffs);
        return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", diffs));
    }

    private void clockRules(FixtureTable t, ObjectNode expected, JsonNode actual, List<String> diffs) {
        if (t == FixtureTable.VOUCHERS) {
            String status = expected.get("status").asText();
            Instant expires = instant(actual.get("expires_at"));
            if ("expired".equals(status)) {
                if (expires == null || !expires.isBefore(now)) {
                    diffs.add("expires_at is " + JsonSameness.show(actual.get("expires_at"))
                            + ", expected a time in the past");
                }
            } else if (expires == null || !expires.isAfter(now)) {
                diffs.add("expires_at is " + JsonSameness.show(actual.get("expires_at"))
                        + ", expected a time in the future");
            }
            if ("redeemed".equals(status)) {
                Instant at = instant(actual.get("redeemed_at"));
                if (at == null || at.isBefore(now.minus(Duration.ofHours(48))) || at.isAfter(now.plusSeconds(300))) {
                    diffs.add("redeemed_at is " + JsonSameness.show(actual.get("redeemed_at"))
                            + ", expected within the last 48 hours");
                }
            } else if (instant(actual.get("redeemed_at")) != null) {
                diffs.add("redeemed_at is " + JsonSameness.show(actual.get("redeemed_at")) + ", expected null");
            }
        } else if (t == FixtureTable.CAMPAIGNS) {
            boolean running = "running".equals(expected.get("status").asText());
            Instant started = instant(actual.get("started_at"));
            if (running && (started == null || started.isAfter(now))) {
                diffs.add("started_at is " + JsonSameness.show(actual.get("started_at")) + ", expected a past time");
            }
        }
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        String s = n.asText();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // PostgreSQL's own text form: "2026-11-25 10:00:00+00"
                return OffsetDateTime.parse(s.replace(' ', 'T').replaceAll("([+-]\\d\\d)$", "$1:00")).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private List<RowProblem> authUser(ObjectNode expected) {
        String id = expected.get("id").asText();
        String key = "id=" + id;
        Optional<ObjectNode> actual = client.getUser(id);
        if (actual.isEmpty()) {
            return List.of(new RowProblem("auth.users", key, null));
        }
        ObjectNode a = actual.get();
        List<String> diffs = new ArrayList<>();
        if (!expected.get("email").asText().equalsIgnoreCase(a.path("email").asText())) {
            diffs.add("email is " + JsonSameness.show(a.get("email")) + ", expected "
                    + JsonSameness.show(expected.get("email")));
        }
        for (String m : List.of("user_metadata", "app_metadata")) {
            if (!JsonSameness.contains(expected.get(m), a.get(m))) {
                diffs.add(m + " is " + JsonSameness.show(a.get(m)) + ", expected to contain "
                        + JsonSameness.show(expected.get(m)));
            }
        }
        return diffs.isEmpty() ? List.of() : List.of(new RowProblem("auth.users", key, String.join("; ", diffs)));
    }
}

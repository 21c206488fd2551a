package africa.easymo.perf.sandbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private static Sandbox sandbox;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest
                .newBuilder(URI.create(sandbox.baseUrl() + "/customer/v1/privileged/metrics"))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("series %s in\n%s", series, body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void requiresBasicAuthWithTheServiceRoleKey() throws Exception {
        assertThat(get(null).statusCode()).isEqualTo(401);
        assertThat(get(null).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(get(basic("service_role", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get(basic("anon", sandbox.serviceRoleKey())).statusCode()).isEqualTo(401);
        assertThat(get("Bearer " + sandbox.serviceRoleKey()).statusCode()).isEqualTo(401);
        assertThat(get("Basic !!!notbase64").statusCode()).isEqualTo(401);
        HttpResponse<String> denied = get(basic("service_role", "wrong"));
        assertThat(denied.body()).doesNotContain(sandbox.serviceRoleKey());
    }

    @Test
    void servesSupabaseSeriesFromTheProcessAndItsDatabase() throws Exception {
        String auth = basic("service_role", sandbox.serviceRoleKey());
        HttpResponse<String> first = get(auth);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String body = first.body();
        assertThat(body).contains("# TYPE node_cpu_seconds_total counter",
                "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} ",
                "# TYPE pg_stat_database_xact_commit_total counter");
        double total = value(body, "node_memory_MemTotal_bytes");
        double available = value(body, "node_memory_MemAvailable_bytes");
        assertThat(total).isPositive();
        assertThat(available).isBetween(0.0, total);
        assertThat(value(body, "pgrst_db_pool_max")).isEqualTo(sandbox.config().dbPoolSize());
        assertThat(value(body, "pg_stat_database_num_backends{datname=\"postgres\"}")).isGreaterThanOrEqualTo(1);
        double inserted = value(body, "pg_stat_database_tup_inserted_total{datname=\"postgres\"}");
        double commits = value(body, "pg_stat_database_xact_commit_total{datname=\"postgres\"}");

        try (Connection c = sandbox.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create temporary table metrics_probe(x int)");
            s.execute("insert into metrics_probe select generate_series(1, 500)");
        }
        // pg_stat_database is flushed by backends at the end of a transaction, at most once a second: poll, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double insertedNow = inserted;
        while (System.nanoTime() < deadline) {
            String later = get(auth).body();
            insertedNow = value(later, "pg_stat_database_tup_inserted_total{datname=\"postgres\"}");
            if (insertedNow >= inserted + 500) {
                assertThat(value(later, "pg_stat_database_xact_commit_total{datname=\"postgres\"}"))
                        .isGreaterThan(commits);
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("tup_inserted never grew by the 500 rows: " + inserted + " → " + insertedNow);
    }

    @Test
    void servesPerTableActivityAsPostgresExportersUserTableSeries() throws Exception {
        String auth = basic("service_role", sandbox.serviceRoleKey());
        String series = "pg_stat_user_tables_n_tup_ins{datname=\"postgres\",schemaname=\"public\",relname=\"stations\"}";
        String body = get(auth).body();
        assertThat(body).contains("# TYPE pg_stat_user_tables_n_tup_ins counter",
                "# TYPE pg_stat_user_tables_seq_scan counter", "# TYPE pg_stat_user_tables_n_live_tup gauge");
        assertThat(body).contains("relname=\"vouchers\"").contains("relname=\"campaign_targets\"");
        double before = value(body, series);
        try (Connection c = sandbox.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(
                    "insert into public.stations (engencode, name) select 'metrics-' || gen_random_uuid(), 'metrics test'"
                            + " from generate_series(1, 7)");
        }
        // Table statistics are flushed like the database's: poll, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double now = before;
        while (System.nanoTime() < deadline) {
            now = value(get(auth).body(), series);
            if (now >= before + 7) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("stations' n_tup_ins never grew by the 7 rows: " + before + " → " + now);
    }
}

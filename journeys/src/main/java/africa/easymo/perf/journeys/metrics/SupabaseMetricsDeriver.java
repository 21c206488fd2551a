package africa.easymo.perf.journeys.metrics;

import africa.easymo.perf.evidence.metrics.MetricsDeriver;
import africa.easymo.perf.evidence.metrics.PrometheusSample;
import africa.easymo.perf.evidence.metrics.PrometheusScrape;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns successive scrapes into CSV rows: gauges as they are, counters as per-second rates.
 *
 * <p>
 * Supabase refreshes the endpoint about once a minute, so scrapes in between repeat the same counters. A rate is
 * therefore taken against the last scrape whose counters differed (the previous refresh), and left empty when nothing
 * has changed since; a zero rate would claim an idle database. A counter that went down (a restart) gives no rate.
 *
 * <p>
 * Per-table activity comes from postgres_exporter's {@code pg_stat_user_tables_*} series ({@code relname} label) where
 * the endpoint has them; where it has not, those columns stay empty.
 */
public final class SupabaseMetricsDeriver implements MetricsDeriver {

    private static final int DATABASE_COUNTERS = 9;

    private final List<String> tables;
    private final List<String> columns;
    private double[] baseline;
    private long baselineAtMs;

    /** Whole-database figures only. */
    public SupabaseMetricsDeriver() {
        this(List.of());
    }

    /** Whole-database figures, then the activity of each of these tables. */
    public SupabaseMetricsDeriver(List<String> tables) {
        this.tables = List.copyOf(tables);
        this.columns = SupabaseMetricsRow.columns(this.tables);
    }

    @Override
    public String source() {
        return "Supabase metrics";
    }

    @Override
    public String evidenceSection() {
        return "supabaseMetrics";
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Optional<String> notThisSource(PrometheusScrape s) {
        for (PrometheusSample p : s.samples()) {
            String n = p.name();
            if (n.startsWith("node_cpu_seconds_total") || n.startsWith("node_memory_")
                    || n.startsWith("pg_stat_database_") || n.startsWith("pgrst_") || n.startsWith("supavisor_")) {
                return Optional.empty();
            }
        }
        return Optional.of("no Supabase series (node_cpu_seconds_total, node_memory_*, pg_stat_database_*)");
    }

    @Override
    public String authHint() {
        return "check SUPABASE_SERVICE_ROLE_KEY (sent as HTTP Basic service_role:<key>)";
    }

    @Override
    public double[] next(PrometheusScrape scrape) {
        return row(scrape).values();
    }

    /** The next row, typed. */
    public SupabaseMetricsRow row(PrometheusScrape scrape) {
        double[] counters = counters(scrape);
        double[] v = new double[columns.size()];
        Arrays.fill(v, Double.NaN);

        double memTotal = scrape.sum("node_memory_MemTotal_bytes");
        double memAvailable = scrape.sum("node_memory_MemAvailable_bytes");
        if (memTotal > 0 && !Double.isNaN(memAvailable)) {
            v[1] = 100.0 * (1 - memAvailable / memTotal);
        }
        v[2] = scrape.sum("pg_stat_database_num_backends");
        v[3] = scrape.sum("supavisor_connections_active");
        v[4] = scrape.sum("pgrst_db_pool_available");
        v[5] = scrape.sum("pgrst_db_pool_max");
        v[6] = scrape.sum("pgrst_db_pool_waiting");

        if (baseline == null) {
            baseline = counters;
            baselineAtMs = scrape.atMs();
            return new SupabaseMetricsRow(scrape.atMs(), columns, v);
        }
        if (Arrays.equals(baseline, counters)) {
            return new SupabaseMetricsRow(scrape.atMs(), columns, v);
        }
        double seconds = (scrape.atMs() - baselineAtMs) / 1000.0;
        if (seconds > 0) {
            double[] d = new double[counters.length];
            for (int i = 0; i < counters.length; i++) {
                d[i] = counters[i] - baseline[i];
                if (d[i] < 0) {
                    d[i] = Double.NaN;
                }
            }
            if (d[0] > 0) {
                v[0] = 100.0 * (1 - d[1] / d[0]);
            }
            v[7] = d[2] / seconds;
            v[8] = d[3] / seconds;
            v[9] = d[4] / seconds;
            v[10] = d[5] / seconds;
            v[11] = d[6] / seconds;
            v[12] = d[7] / seconds;
            v[13] = d[8] / seconds;
            int col = SupabaseMetricsRow.COLUMNS.size();
            for (int i = DATABASE_COUNTERS; i < d.length; i++) {
                v[col++] = d[i] / seconds;
            }
        }
        baseline = counters;
        baselineAtMs = scrape.atMs();
        return new SupabaseMetricsRow(scrape.atMs(), columns, v);
    }

    /**
     * cpu total, cpu idle, rx, tx, tuples inserted/updated/deleted/fetched, commits; then per table rows written and
     * scans.
     */
    double[] counters(PrometheusScrape s) {
        double[] c = Arrays.copyOf(databaseCounters(s), DATABASE_COUNTERS + 2 * tables.size());
        int i = DATABASE_COUNTERS;
        for (String t : tables) {
            c[i++] = tableSum(s, t, "pg_stat_user_tables_n_tup_ins", "pg_stat_user_tables_n_tup_upd",
                    "pg_stat_user_tables_n_tup_del");
            c[i++] = tableSum(s, t, "pg_stat_user_tables_seq_scan", "pg_stat_user_tables_idx_scan");
        }
        return c;
    }

    /** The sum of these series of one table (public schema or unlabelled); NaN when the endpoint has none of them. */
    private static double tableSum(PrometheusScrape s, String table, String... names) {
        double total = Double.NaN;
        for (String n : names) {
            double v = s.sum(n, x -> table.equals(x.label("relname"))
                    && Objects.requireNonNullElse(x.label("schemaname"), "public").equals("public"));
            if (!Double.isNaN(v)) {
                total = Double.isNaN(total) ? v : total + v;
            }
        }
        return total;
    }

    static double[] databaseCounters(PrometheusScrape s) {
        return new double[] { s.sum("node_cpu_seconds_total"),
                s.sum("node_cpu_seconds_total", x -> "idle".equals(x.label("mode"))),
                s.sum("node_network_receive_bytes_total", x -> !"lo".equals(x.label("device"))),
                s.sum("node_network_transmit_bytes_total", x -> !"lo".equals(x.label("device"))),
                s.sum("pg_stat_database_tup_inserted_total"), s.sum("pg_stat_database_tup_updated_total"),
                s.sum("pg_stat_database_tup_deleted_total"), s.sum("pg_stat_database_tup_fetched_total"),
                s.sum("pg_stat_database_xact_commit_total") };
    }
}

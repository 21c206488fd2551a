package africa.easymo.perf.journeys.metrics;

import java.util.List;

/**
 * One row of the metrics CSV: the figures derived from a scrape of Supabase's privileged metrics endpoint. NaN means
 * not available (series absent, or no earlier scrape to take a rate from).
 */
public record SupabaseMetricsRow(long atMs, double[] values) {

    /** CSV column names after the timestamp columns, in {@link #values()} order. */
    public static final List<String> COLUMNS = List.of("cpu_busy_pct", "memory_used_pct", "db_connections",
            "supavisor_connections_active", "pgrst_db_pool_available", "pgrst_db_pool_max", "pgrst_db_pool_waiting",
            "net_rx_bytes_per_s", "net_tx_bytes_per_s", "tup_inserted_per_s", "tup_updated_per_s", "tup_deleted_per_s",
            "tup_fetched_per_s", "commits_per_s");

    public SupabaseMetricsRow {
        if (values.length != COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " values");
        }
        values = values.clone();
    }

    public double value(String column) {
        int i = COLUMNS.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        return values[i];
    }

    @Override
    public double[] values() {
        return values.clone();
    }
}

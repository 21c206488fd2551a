package africa.easymo.perf.journeys.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the metrics CSV: the figures derived from a scrape of Supabase's privileged metrics endpoint. NaN means
 * not available (series absent, or no earlier scrape to take a rate from).
 *
 * @param columns
 *            the names of {@code values}: {@link #COLUMNS}, then two per watched table
 */
public record SupabaseMetricsRow(long atMs, List<String> columns, double[] values) {

    /** The whole database's columns, first in every row. */
    public static final List<String> COLUMNS = List.of("cpu_busy_pct", "memory_used_pct", "db_connections",
            "supavisor_connections_active", "pgrst_db_pool_available", "pgrst_db_pool_max", "pgrst_db_pool_waiting",
            "net_rx_bytes_per_s", "net_tx_bytes_per_s", "tup_inserted_per_s", "tup_updated_per_s", "tup_deleted_per_s",
            "tup_fetched_per_s", "commits_per_s");

    /** Per watched table: rows inserted + updated + deleted per second, and scans (sequential + index) per second. */
    static final String TABLE_WRITES = "rows_written_per_s_";
    static final String TABLE_SCANS = "scans_per_s_";

    public SupabaseMetricsRow {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values");
        }
        columns = List.copyOf(columns);
        values = values.clone();
    }

    /** {@link #COLUMNS}, then the activity columns of each table. */
    static List<String> columns(List<String> tables) {
        List<String> c = new ArrayList<>(COLUMNS);
        for (String t : tables) {
            c.add(TABLE_WRITES + t);
            c.add(TABLE_SCANS + t);
        }
        return List.copyOf(c);
    }

    public double value(String column) {
        int i = columns.indexOf(column);
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

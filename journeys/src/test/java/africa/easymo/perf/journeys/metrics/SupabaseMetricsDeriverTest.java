package africa.easymo.perf.journeys.metrics;

import africa.easymo.perf.evidence.metrics.PrometheusScrape;
import africa.easymo.perf.evidence.metrics.PrometheusTextParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SupabaseMetricsDeriverTest {

    private static PrometheusScrape scrape(long atMs, double idle0, double user0, double idle1, double user1, double rx,
            double tx, double ins, double commits) throws Exception {
        String text = """
                node_cpu_seconds_total{cpu="0",mode="idle"} %s
                node_cpu_seconds_total{cpu="0",mode="user"} %s
                node_cpu_seconds_total{cpu="1",mode="idle"} %s
                node_cpu_seconds_total{cpu="1",mode="user"} %s
                node_memory_MemTotal_bytes 1000
                node_memory_MemAvailable_bytes 250
                pg_stat_database_num_backends{datname="postgres"} 7
                pg_stat_database_num_backends{datname="template1"} 1
                pgrst_db_pool_max 10
                node_network_receive_bytes_total{device="eth0"} %s
                node_network_receive_bytes_total{device="lo"} 99999999
                node_network_transmit_bytes_total{device="eth0"} %s
                pg_stat_database_tup_inserted_total{datname="postgres"} %s
                pg_stat_database_tup_updated_total{datname="postgres"} 5
                pg_stat_database_tup_deleted_total{datname="postgres"} 0
                pg_stat_database_tup_fetched_total{datname="postgres"} 100
                pg_stat_database_xact_commit_total{datname="postgres"} %s
                """.formatted(idle0, user0, idle1, user1, rx, tx, ins, commits);
        return new PrometheusScrape(atMs, PrometheusTextParser.parse(text));
    }

    @Test
    void gaugesAtOnceRatesAgainstThePreviousRefresh() throws Exception {
        SupabaseMetricsDeriver d = new SupabaseMetricsDeriver();
        SupabaseMetricsRow first = d.row(scrape(0, 100, 10, 100, 10, 1000, 500, 10, 20));
        assertThat(first.value("memory_used_pct")).isEqualTo(75);
        assertThat(first.value("db_connections")).isEqualTo(8);
        assertThat(first.value("pgrst_db_pool_max")).isEqualTo(10);
        assertThat(first.value("supavisor_connections_active")).isNaN();
        assertThat(first.value("cpu_busy_pct")).isNaN();
        assertThat(first.value("commits_per_s")).isNaN();

        // Same counters 15 s later: the endpoint has not refreshed, so no rate rather than a false zero.
        SupabaseMetricsRow unchanged = d.row(scrape(15_000, 100, 10, 100, 10, 1000, 500, 10, 20));
        assertThat(unchanged.value("commits_per_s")).isNaN();
        assertThat(unchanged.value("memory_used_pct")).isEqualTo(75);

        // 60 s after the first refresh: 2 CPUs × 60 s, 30 s busy in all.
        SupabaseMetricsRow refreshed = d.row(scrape(60_000, 145, 25, 145, 25, 61_000, 3500, 130, 80));
        assertThat(refreshed.value("cpu_busy_pct")).isCloseTo(25, offset(1e-9));
        assertThat(refreshed.value("net_rx_bytes_per_s")).isCloseTo(1000, offset(1e-9));
        assertThat(refreshed.value("net_tx_bytes_per_s")).isCloseTo(50, offset(1e-9));
        assertThat(refreshed.value("tup_inserted_per_s")).isCloseTo(2, offset(1e-9));
        assertThat(refreshed.value("tup_updated_per_s")).isZero();
        assertThat(refreshed.value("commits_per_s")).isCloseTo(1, offset(1e-9));

        // A restart sets counters back: no negative rates.
        SupabaseMetricsRow restarted = d.row(scrape(120_000, 1, 1, 1, 1, 10, 10, 1, 1));
        assertThat(restarted.value("commits_per_s")).isNaN();
        assertThat(restarted.value("cpu_busy_pct")).isNaN();
    }

    private static PrometheusScrape tables(long atMs, long voucherWrites, long voucherScans) throws Exception {
        String text = """
                pg_stat_database_xact_commit_total{datname="postgres"} %d
                pg_stat_user_tables_n_tup_ins{datname="postgres",schemaname="public",relname="vouchers"} %d
                pg_stat_user_tables_n_tup_upd{datname="postgres",schemaname="public",relname="vouchers"} 10
                pg_stat_user_tables_n_tup_del{datname="postgres",schemaname="public",relname="vouchers"} 0
                pg_stat_user_tables_seq_scan{datname="postgres",schemaname="public",relname="vouchers"} 4
                pg_stat_user_tables_idx_scan{datname="postgres",schemaname="public",relname="vouchers"} %d
                pg_stat_user_tables_n_tup_ins{datname="postgres",schemaname="auth",relname="vouchers"} 999999
                pg_stat_user_tables_n_tup_ins{datname="postgres",schemaname="public",relname="stations"} 50
                """.formatted(atMs, voucherWrites, voucherScans);
        return new PrometheusScrape(atMs, PrometheusTextParser.parse(text));
    }

    @Test
    void perTableActivityIsARateOfThePublicTablesSeriesAndEmptyWhereTheEndpointHasNone() throws Exception {
        SupabaseMetricsDeriver d = new SupabaseMetricsDeriver(java.util.List.of("vouchers", "stations", "campaigns"));
        assertThat(d.columns()).endsWith("rows_written_per_s_vouchers", "scans_per_s_vouchers",
                "rows_written_per_s_stations", "scans_per_s_stations", "rows_written_per_s_campaigns",
                "scans_per_s_campaigns");
        SupabaseMetricsRow first = d.row(tables(0, 100, 20));
        assertThat(first.value("rows_written_per_s_vouchers")).isNaN();
        // 10 s later: 50 more rows inserted (the auth schema's table of the same name does not count), 30 more scans.
        SupabaseMetricsRow next = d.row(tables(10_000, 150, 50));
        assertThat(next.value("rows_written_per_s_vouchers")).isCloseTo(5, offset(1e-9));
        assertThat(next.value("scans_per_s_vouchers")).isCloseTo(3, offset(1e-9));
        assertThat(next.value("rows_written_per_s_stations")).isZero();
        assertThat(next.value("scans_per_s_stations")).as("no scan series for stations").isNaN();
        assertThat(next.value("rows_written_per_s_campaigns")).as("no series at all").isNaN();
    }
}

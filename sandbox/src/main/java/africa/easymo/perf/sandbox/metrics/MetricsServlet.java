package africa.easymo.perf.sandbox.metrics;

import africa.easymo.perf.sandbox.SandboxContext;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supabase's privileged metrics endpoint ({@code GET /customer/v1/privileged/metrics}): Prometheus text behind HTTP
 * Basic {@code service_role:<service role key>}, with the series names Supabase uses. Figures are the sandbox's own:
 * CPU and memory of this JVM process (shown as a node of {@code availableProcessors} CPUs whose busy time is the
 * process's CPU time, and whose memory is the JVM heap), the database's {@code pg_stat_database}, the connection pool
 * (as PostgREST's and Supavisor's pool series), per-table activity as postgres_exporter's {@code pg_stat_user_tables_*}
 * series, and the host's network counters where {@code /proc/net/dev} exists. Computed per request, where Supabase
 * refreshes once a minute.
 */
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(MetricsServlet.class);
    private static final Path NET_DEV = Path.of("/proc/net/dev");

    private final transient SandboxContext context;
    private final long startedNanos = System.nanoTime();
    private final long startedCpuNanos = processCpuNanos();

    public MetricsServlet(SandboxContext context) {
        this.context = context;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (!authorized(req.getHeader("Authorization"), context.config().serviceRoleKey())) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"supabase-metrics\", charset=\"UTF-8\"");
            resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write("unauthorized: HTTP Basic service_role:<service role key> required\n");
            return;
        }
        String body;
        try {
            body = render();
        } catch (SQLException e) {
            log.warn("metrics: cannot read pg_stat_database: {}", e.toString());
            resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write("database statistics unavailable\n");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        if ("GET".equals(req.getMethod())) {
            resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Constant-time check of {@code Basic base64(service_role:<key>)}. */
    static boolean authorized(String header, String serviceRoleKey) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = ("service_role:" + serviceRoleKey).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    String render() throws SQLException {
        PrometheusText t = new PrometheusText();
        cpu(t);
        memory(t);
        database(t, context.dataSource());
        tables(t, context.dataSource());
        pool(t, context.dataSource());
        network(t);
        return t.toString();
    }

    private void cpu(PrometheusText t) {
        int cpus = Runtime.getRuntime().availableProcessors();
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        double busy = Math.max(0, processCpuNanos() - startedCpuNanos) / 1e9 / cpus;
        t.family("node_cpu_seconds_total", "counter",
                "Seconds the CPUs spent in each mode (sandbox: this process's CPU time, spread over the CPUs).");
        for (int i = 0; i < cpus; i++) {
            String cpu = Integer.toString(i);
            t.sample("node_cpu_seconds_total", labels("cpu", cpu, "mode", "idle"), Math.max(0, wall - busy));
            t.sample("node_cpu_seconds_total", labels("cpu", cpu, "mode", "user"), busy);
        }
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long n = sun.getProcessCpuTime();
            return n < 0 ? 0 : n;
        }
        return 0;
    }

    private static void memory(PrometheusText t) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long used = rt.totalMemory() - rt.freeMemory();
        t.family("node_memory_MemTotal_bytes", "gauge", "Memory total (sandbox: the JVM's maximum heap).");
        t.sample("node_memory_MemTotal_bytes", max);
        t.family("node_memory_MemAvailable_bytes", "gauge", "Memory available (sandbox: heap not in use).");
        t.sample("node_memory_MemAvailable_bytes", Math.max(0, max - used));
    }

    private static final String PG_STAT = "select datname, numbackends, xact_commit, xact_rollback, tup_returned,"
            + " tup_fetched, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname is not null"
            + " order by datname";

    private static final List<String[]> PG_COUNTERS = List.of(
            new String[] { "xact_commit", "pg_stat_database_xact_commit_total", "Transactions committed." },
            new String[] { "xact_rollback", "pg_stat_database_xact_rollback_total", "Transactions rolled back." },
            new String[] { "tup_returned", "pg_stat_database_tup_returned_total", "Rows returned by queries." },
            new String[] { "tup_fetched", "pg_stat_database_tup_fetched_total", "Rows fetched by queries." },
            new String[] { "tup_inserted", "pg_stat_database_tup_inserted_total", "Rows inserted." },
            new String[] { "tup_updated", "pg_stat_database_tup_updated_total", "Rows updated." },
            new String[] { "tup_deleted", "pg_stat_database_tup_deleted_total", "Rows deleted." });

    private static void database(PrometheusText t, DataSource ds) throws SQLException {
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(PG_STAT)) {
            while (rs.next()) {
                Map<String, Long> row = new LinkedHashMap<>();
                row.put("numbackends", rs.getLong("numbackends"));
                for (String[] counter : PG_COUNTERS) {
                    row.put(counter[0], rs.getLong(counter[0]));
                }
                rows.put(rs.getString("datname"), row);
            }
        }
        t.family("pg_stat_database_num_backends", "gauge", "Backends connected to each database.");
        rows.forEach(
                (db, row) -> t.sample("pg_stat_database_num_backends", labels("datname", db), row.get("numbackends")));
        for (String[] counter : PG_COUNTERS) {
            t.family(counter[1], "counter", counter[2]);
            rows.forEach((db, row) -> t.sample(counter[1], labels("datname", db), row.get(counter[0])));
        }
    }

    private static final String PG_TABLES = "select current_database() as datname, schemaname, relname, seq_scan,"
            + " coalesce(idx_scan, 0) as idx_scan, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup from pg_stat_user_tables"
            + " order by schemaname, relname";

    private static final List<String[]> TABLE_SERIES = List.of(
            new String[] { "seq_scan", "pg_stat_user_tables_seq_scan", "counter", "Sequential scans of the table." },
            new String[] { "idx_scan", "pg_stat_user_tables_idx_scan", "counter", "Index scans of the table." },
            new String[] { "n_tup_ins", "pg_stat_user_tables_n_tup_ins", "counter", "Rows inserted." },
            new String[] { "n_tup_upd", "pg_stat_user_tables_n_tup_upd", "counter", "Rows updated." },
            new String[] { "n_tup_del", "pg_stat_user_tables_n_tup_del", "counter", "Rows deleted." },
            new String[] { "n_live_tup", "pg_stat_user_tables_n_live_tup", "gauge", "Estimated live rows." });

    private static void tables(PrometheusText t, DataSource ds) throws SQLException {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(PG_TABLES)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("labels", labels("datname", rs.getString("datname"), "schemaname", rs.getString("schemaname"),
                        "relname", rs.getString("relname")));
                for (String[] series : TABLE_SERIES) {
                    row.put(series[0], rs.getLong(series[0]));
                }
                rows.add(row);
            }
        }
        for (String[] series : TABLE_SERIES) {
            t.family(series[1], series[2], series[3]);
            for (Map<String, Object> row : rows) {
                @SuppressWarnings("unchecked")
                Map<String, String> l = (Map<String, String>) row.get("labels");
                t.sample(series[1], l, (Long) row.get(series[0]));
            }
        }
    }

    private static void pool(PrometheusText t, DataSource ds) throws SQLException {
        if (!ds.isWrapperFor(HikariDataSource.class)) {
            return;
        }
        HikariDataSource hikari = ds.unwrap(HikariDataSource.class);
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        if (pool == null) {
            return;
        }
        t.family("pgrst_db_pool_available", "gauge", "Idle connections in the API's database pool.");
        t.sample("pgrst_db_pool_available", pool.getIdleConnections());
        t.family("pgrst_db_pool_max", "gauge", "Size limit of the API's database pool.");
        t.sample("pgrst_db_pool_max", hikari.getMaximumPoolSize());
        t.family("pgrst_db_pool_waiting", "gauge", "Requests waiting for a pooled connection.");
        t.sample("pgrst_db_pool_waiting", pool.getThreadsAwaitingConnection());
        t.family("supavisor_connections_active", "gauge", "Pooled connections in use.");
        t.sample("supavisor_connections_active", pool.getActiveConnections());
    }

    /** The host's interface counters, as node_exporter reads them; absent off Linux. */
    private static void network(PrometheusText t) {
        List<String> lines;
        try {
            lines = Files.readAllLines(NET_DEV, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return;
        }
        Map<String, long[]> devices = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 9) {
                continue;
            }
            try {
                devices.put(line.substring(0, colon).trim(), new long[] { Long.parseLong(f[0]), Long.parseLong(f[8]) });
            } catch (NumberFormatException e) {
                // A header line.
            }
        }
        if (devices.isEmpty()) {
            return;
        }
        t.family("node_network_receive_bytes_total", "counter", "Bytes received per network device.");
        devices.forEach((d, v) -> t.sample("node_network_receive_bytes_total", labels("device", d), v[0]));
        t.family("node_network_transmit_bytes_total", "counter", "Bytes sent per network device.");
        devices.forEach((d, v) -> t.sample("node_network_transmit_bytes_total", labels("device", d), v[1]));
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    SandboxContext context() {
        return context;
    }
}

package africa.easymo.perf.sandbox.db;

import africa.easymo.perf.sandbox.SandboxConfig;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

/**
 * The sandbox's PostgreSQL: an embedded server (data directory in a temp folder, deleted on close) or an external one
 * given by JDBC URL, behind one connection pool shared by every route.
 */
public final class SandboxDatabase implements AutoCloseable {
    static {
        // The embedded server's own chatter (initdb, startup lines) is noise for sandbox users; keep warnings.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.zonky.test") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky.test", "warn");
        }
    }

    private final EmbeddedPostgres embedded;
    /** A template copy this object must delete on close; {@code null} when the server cleans up itself. */
    private final Path dataDir;
    private final HikariDataSource pool;
    private final String description;
    private final Thread exitHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SandboxDatabase(EmbeddedPostgres embedded, Path dataDir, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.pool = pool;
        this.description = description;
        if (dataDir != null) {
            // A JVM that exits without close() must still stop the server and delete the copy.
            this.exitHook = new Thread(this::closeResources, "sandbox-db-exit");
            Runtime.getRuntime().addShutdownHook(exitHook);
        } else {
            this.exitHook = null;
        }
    }

    /** Starts the embedded server, or connects to {@link SandboxConfig#jdbcUrl()}, and opens the pool. */
    public static SandboxDatabase open(SandboxConfig config) {
        if (!config.usesEmbeddedDatabase()) {
            HikariDataSource pool = pool(config, config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
            return new SandboxDatabase(null, null, pool, "external PostgreSQL");
        }
        Path dataDir = PgDataTemplate.freshCopy();
        EmbeddedPostgres pg;
        try {
            pg = embedded(config, dataDir);
        } catch (IOException | RuntimeException e) {
            PgDataTemplate.delete(dataDir);
            if (dataDir == null) {
                throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
            // The template copy failed to start: fall back to a plain initdb, and rebuild the template next time.
            PgDataTemplate.invalidate();
            dataDir = null;
            try {
                pg = embedded(config, null);
            } catch (IOException e2) {
                throw new UncheckedIOException("embedded PostgreSQL did not start: " + e2.getMessage(), e2);
            }
        }
        try {
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            HikariDataSource pool = pool(config, url, "postgres", null);
            return new SandboxDatabase(pg, dataDir, pool,
                    "embedded PostgreSQL on port " + pg.getPort() + (dataDir == null ? "" : ", data in " + dataDir));
        } catch (RuntimeException e) {
            closeQuietly(pg);
            PgDataTemplate.delete(dataDir);
            throw e;
        }
    }

    /** With {@code dataDir} null the server runs initdb in its own temp directory and deletes it on close. */
    private static EmbeddedPostgres embedded(SandboxConfig config, Path dataDir) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                // A disposable test database: durability is not wanted, speed is.
                .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", Integer.toString(Math.max(100, config.dbPoolSize() + 40)))
                .setServerConfig("shared_buffers", "128MB").setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (dataDir != null) {
            b.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
        }
        return b.start();
    }

    private static HikariDataSource pool(SandboxConfig config, String url, String user, String password) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("sandbox-db");
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(config.dbPoolSize());
        hc.setMinimumIdle(Math.min(4, config.dbPoolSize()));
        // Requests wait for a connection at most this long, then get PostgREST's 504 PGRST003.
        hc.setConnectionTimeout(10_000);
        hc.setAutoCommit(true);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "easymo-perf-sandbox");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(hc);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Where the data lives, without credentials. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (exitHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs (or ran) closeResources itself.
            }
        }
        closeResources();
    }

    private void closeResources() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                closeQuietly(embedded);
                if (dataDir != null) {
                    // At JVM exit the server's own hook may be the one stopping it: wait until it is down.
                    awaitStopped(dataDir);
                    PgDataTemplate.delete(dataDir);
                }
            }
        }
    }

    private static void awaitStopped(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (java.nio.file.Files.exists(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // Closing is best effort: the temp data directory is removed by the embedded server's own hook.
        }
    }
}

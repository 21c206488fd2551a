package africa.easymo.perf.sandbox;

import africa.easymo.perf.sandbox.auth.ApiKeys;
import africa.easymo.perf.sandbox.auth.AuthAdminServlet;
import africa.easymo.perf.sandbox.campaign.CampaignDispatchServlet;
import africa.easymo.perf.sandbox.db.SandboxDatabase;
import africa.easymo.perf.sandbox.db.SchemaCatalog;
import africa.easymo.perf.sandbox.db.SchemaInstaller;
import africa.easymo.perf.sandbox.http.ConnectionCounter;
import africa.easymo.perf.sandbox.http.FrontHandler;
import africa.easymo.perf.sandbox.http.NotFoundServlet;
import africa.easymo.perf.sandbox.http.SandboxAdminServlet;
import africa.easymo.perf.sandbox.metrics.MetricsServlet;
import africa.easymo.perf.sandbox.preview.VoucherPreviewServlet;
import africa.easymo.perf.sandbox.redeem.StationRedeemServlet;
import africa.easymo.perf.sandbox.rest.RestServlet;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local stand-in for easyMO staging: Supabase REST and Auth admin subsets on a real PostgreSQL, the journey
 * endpoints, and fault injection. Start with {@link #start(SandboxConfig)}, stop with {@link #close()}.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxConfig config;
    private final SandboxDatabase database;
    private final Server server;
    private final SandboxContext context;
    private final URI baseUrl;
    private final List<String> tables;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sandbox(SandboxConfig config, SandboxDatabase database, Server server, SandboxContext context, URI baseUrl,
            List<String> tables) {
        this.tables = tables;
        this.config = config;
        this.database = database;
        this.server = server;
        this.context = context;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the database (embedded unless {@link SandboxConfig#jdbcUrl()}), applies the schema and starts the HTTP
     * server on {@link SandboxConfig#host()}:{@link SandboxConfig#port()}.
     *
     * @throws IllegalStateException
     *             when any part fails to start (nothing is left running)
     */
    public static Sandbox start(SandboxConfig config) {
        SandboxDatabase database = SandboxDatabase.open(config);
        Server server = null;
        try {
            DataSource ds = database.dataSource();
            SchemaInstaller.install(ds);
            SchemaCatalog catalog = SchemaCatalog.load(ds);
            SandboxStats stats = new SandboxStats();
            SandboxFaults faults = new SandboxFaults();
            SandboxContext context = new SandboxContext(ds, config, faults, new ObjectMapper(), stats);
            List<String> tables = resetTables(catalog);
            server = server(config, context, catalog, tables);
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            URI baseUrl = URI.create("http://" + config.host() + ":" + port);
            context.baseUrl(baseUrl);
            return new Sandbox(config, database, server, context, baseUrl, tables);
        } catch (Exception e) {
            if (server != null) {
                try {
                    server.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            database.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("sandbox did not start: " + e.getMessage(), e);
        }
    }

    /** Every table a data reset empties: the exposed ones and GoTrue's users. */
    private static List<String> resetTables(SchemaCatalog catalog) {
        List<String> tables = new ArrayList<>();
        catalog.tables().values().stream().filter(t -> t.isPlainTable()).forEach(t -> tables.add(t.qualified()));
        tables.add("\"auth\".\"users\"");
        return List.copyOf(tables);
    }

    private static Server server(SandboxConfig config, SandboxContext context, SchemaCatalog catalog,
            List<String> tables) {
        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(16, config.maxThreads()));
        threads.setName("sandbox-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Long in.(...) filters travel in the request line; 16 KB is what Supabase's edge comfortably takes.
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // Room for a burst of 500 clients connecting at once.
        connector.setAcceptQueueSize(1024);
        connector.setIdleTimeout(60_000);
        connector.addBean(new ConnectionCounter(context.stats()));
        server.addConnector(connector);

        ApiKeys keys = new ApiKeys(config.serviceRoleKey(), config.anonKey());
        ServletContextHandler servlets = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        servlets.addServlet(new ServletHolder("rest", new RestServlet(context, catalog, keys)), "/rest/v1/*");
        servlets.addServlet(new ServletHolder("auth", new AuthAdminServlet(context, keys)), "/auth/v1/*");
        servlets.addServlet(
                new ServletHolder("sandbox-admin",
                        new SandboxAdminServlet(context, c -> SandboxAdminServlet.truncateAll(c, tables))),
                "/__sandbox/*");
        servlets.addServlet(new ServletHolder("redeem", new StationRedeemServlet(context)), "/redeem");
        ServletHolder preview = new ServletHolder("preview", new VoucherPreviewServlet(context));
        servlets.getServletHandler().addServletWithMapping(preview, "/api/vouchers/preview");
        servlets.addServlet(preview, "/documents/*");
        // The preview's own fault switches and counters (longer prefix than /__sandbox/*, so it wins).
        servlets.addServlet(preview, "/__sandbox/preview/*");
        ServletHolder campaigns = new ServletHolder("campaigns", new CampaignDispatchServlet(context));
        servlets.getServletHandler().addServletWithMapping(campaigns, "/campaigns");
        servlets.addServlet(campaigns, "/campaigns/*");
        servlets.addServlet(new ServletHolder("metrics", new MetricsServlet(context)),
                "/customer/v1/privileged/metrics");

        servlets.addServlet(new ServletHolder("not-found", new NotFoundServlet()), "/");

        server.setHandler(new FrontHandler(servlets, context.stats(), context.faults()));
        server.setStopTimeout(3_000);
        server.setStopAtShutdown(false);
        return server;
    }

    /** {@code http://127.0.0.1:<port>} (no trailing slash): the value for {@code SUPABASE_URL}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@link #baseUrl()} joined with a path such as {@code /rest/v1/vouchers}. */
    public URI url(String path) {
        return URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path));
    }

    public int port() {
        return baseUrl.getPort();
    }

    public String serviceRoleKey() {
        return config.serviceRoleKey();
    }

    public String anonKey() {
        return config.anonKey();
    }

    public SandboxConfig config() {
        return config;
    }

    public SandboxFaults faults() {
        return context.faults();
    }

    public DataSource dataSource() {
        return context.dataSource();
    }

    public SandboxStats stats() {
        return context.stats();
    }

    public SandboxContext context() {
        return context;
    }

    /**
     * Empties every table (REST tables and {@code auth.users}), clears the fault rules and zeroes the counters — the
     * Java form of {@code POST /__sandbox/reset?data=true}.
     */
    public void resetData() {
        context.faults().clear();
        context.stats().reset();
        try (java.sql.Connection c = context.dataSource().getConnection()) {
            SandboxAdminServlet.truncateAll(c, tables);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("sandbox data reset failed: " + e.getMessage(), e);
        }
    }

    /** Where the data lives (embedded or external), without credentials. */
    public String databaseDescription() {
        return database.description();
    }

    /** Stops the HTTP server, then the database (the embedded one's data directory is deleted). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            // Continue with the database: a half-stopped server must not keep PostgreSQL running.
        } finally {
            database.close();
        }
    }
}

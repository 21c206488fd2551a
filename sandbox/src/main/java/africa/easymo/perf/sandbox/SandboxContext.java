package africa.easymo.perf.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;

import javax.sql.DataSource;

/**
 * What every route of the sandbox shares: the database pool, the configuration, the fault rules, one JSON mapper and
 * the traffic counters. Journey servlets receive it in their constructor.
 */
public final class SandboxContext {
    private final DataSource dataSource;
    private final SandboxConfig config;
    private final SandboxFaults faults;
    private final ObjectMapper objectMapper;
    private final SandboxStats stats;
    private volatile URI baseUrl;

    public SandboxContext(DataSource dataSource, SandboxConfig config, SandboxFaults faults, ObjectMapper objectMapper,
            SandboxStats stats) {
        this.dataSource = dataSource;
        this.config = config;
        this.faults = faults;
        this.objectMapper = objectMapper;
        this.stats = stats;
    }

    /** The pooled connections to the sandbox database (autocommit on). */
    public DataSource dataSource() {
        return dataSource;
    }

    public SandboxConfig config() {
        return config;
    }

    public SandboxFaults faults() {
        return faults;
    }

    /** Thread-safe, shared; do not reconfigure. */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    public SandboxStats stats() {
        return stats;
    }

    /**
     * The sandbox's base URL ({@code http://127.0.0.1:<port>}, no trailing slash), known once the server listens; the
     * servlets are built before that, so read it per request, not in a constructor.
     */
    public URI baseUrl() {
        URI u = baseUrl;
        if (u == null) {
            throw new IllegalStateException("the sandbox is not listening yet");
        }
        return u;
    }

    void baseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }
}

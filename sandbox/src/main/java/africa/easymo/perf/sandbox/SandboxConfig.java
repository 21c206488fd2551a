package africa.easymo.perf.sandbox;

import java.util.Objects;

/**
 * How a sandbox is started. Immutable; build with {@link #builder()}.
 *
 * <p>
 * The default keys are published development values, not secrets: the sandbox only ever listens on 127.0.0.1 and holds
 * fictitious fixtures.
 */
public final class SandboxConfig {

    /** Published development service-role key (not a secret). */
    public static final String DEFAULT_SERVICE_ROLE_KEY = "sb_secret_sandbox_dev_0000000000000000";
    /** Published development anon (publishable) key (not a secret): read-only on the REST layer, never admin. */
    public static final String DEFAULT_ANON_KEY = "sb_publishable_sandbox_dev_0000000000000000";
    /** Published development bridge secret (not a secret), used when none is configured. */
    public static final String DEFAULT_BRIDGE_SHARED_SECRET = "sandbox_bridge_dev_0000000000000000";
    /** Port the command line uses when none is given. */
    public static final int DEFAULT_CLI_PORT = 54321;

    private final String host;
    private final int port;
    private final String serviceRoleKey;
    private final String anonKey;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String bridgeSharedSecret;
    private final int maxThreads;
    private final int dbPoolSize;
    private final africa.easymo.perf.sandbox.campaign.CampaignSettings campaign;

    private SandboxConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.serviceRoleKey = b.serviceRoleKey;
        this.anonKey = b.anonKey;
        this.jdbcUrl = b.jdbcUrl;
        this.jdbcUser = b.jdbcUser;
        this.jdbcPassword = b.jdbcPassword;
        this.bridgeSharedSecret = b.bridgeSharedSecret;
        this.maxThreads = b.maxThreads;
        this.dbPoolSize = b.dbPoolSize;
        this.campaign = b.campaign;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A config with every default: ephemeral port, embedded PostgreSQL, published development keys. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    /** Interface the HTTP server binds; always a loopback address. */
    public String host() {
        return host;
    }

    /** HTTP port; 0 binds an ephemeral port (see {@link Sandbox#baseUrl()}). */
    public int port() {
        return port;
    }

    public String serviceRoleKey() {
        return serviceRoleKey;
    }

    public String anonKey() {
        return anonKey;
    }

    /** External PostgreSQL to use instead of the embedded one; {@code null} = embedded. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    /** Value the journey endpoints expect in {@code x-bridge-secret}. */
    public String bridgeSharedSecret() {
        return bridgeSharedSecret;
    }

    /** Upper bound of Jetty's request threads. */
    public int maxThreads() {
        return maxThreads;
    }

    /** Size of the database connection pool shared by every route. */
    public int dbPoolSize() {
        return dbPoolSize;
    }

    /** The campaign dispatcher's throttle, opt-outs, quiet hours and WABA sandbox behaviour. */
    public africa.easymo.perf.sandbox.campaign.CampaignSettings campaign() {
        return campaign;
    }

    public boolean usesEmbeddedDatabase() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        // Keys and passwords are left out on purpose: this string may end up in a log.
        return "SandboxConfig[host=" + host + ", port=" + port + ", database="
                + (jdbcUrl == null ? "embedded" : "external") + ", maxThreads=" + maxThreads + ", dbPoolSize="
                + dbPoolSize + "]";
    }

    /** Builder for {@link SandboxConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String serviceRoleKey = DEFAULT_SERVICE_ROLE_KEY;
        private String anonKey = DEFAULT_ANON_KEY;
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private String bridgeSharedSecret = DEFAULT_BRIDGE_SHARED_SECRET;
        // Sized for the preview plan's 500 concurrent clients plus selectors and acceptors.
        private int maxThreads = 600;
        // Far fewer than the clients: two cores cannot run more queries than this at once anyway.
        private int dbPoolSize = 32;
        private africa.easymo.perf.sandbox.campaign.CampaignSettings campaign = africa.easymo.perf.sandbox.campaign.CampaignSettings
                .defaults();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder serviceRoleKey(String key) {
            this.serviceRoleKey = requireNonBlank(key, "serviceRoleKey");
            return this;
        }

        public Builder anonKey(String key) {
            this.anonKey = requireNonBlank(key, "anonKey");
            return this;
        }

        /** An external PostgreSQL JDBC URL, or {@code null}/blank for the embedded database. */
        public Builder jdbcUrl(String url) {
            this.jdbcUrl = url == null || url.isBlank() ? null : url.trim();
            return this;
        }

        public Builder jdbcUser(String user) {
            this.jdbcUser = user;
            return this;
        }

        public Builder jdbcPassword(String password) {
            this.jdbcPassword = password;
            return this;
        }

        public Builder bridgeSharedSecret(String secret) {
            this.bridgeSharedSecret = requireNonBlank(secret, "bridgeSharedSecret");
            return this;
        }

        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 8) {
                throw new IllegalArgumentException("maxThreads must be >= 8, was " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        public Builder dbPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("dbPoolSize must be >= 1, was " + size);
            }
            this.dbPoolSize = size;
            return this;
        }

        public Builder campaign(africa.easymo.perf.sandbox.campaign.CampaignSettings settings) {
            this.campaign = Objects.requireNonNull(settings, "campaign");
            return this;
        }

        public SandboxConfig build() {
            if (serviceRoleKey.equals(anonKey)) {
                throw new IllegalArgumentException("serviceRoleKey and anonKey must differ");
            }
            return new SandboxConfig(this);
        }

        private static String requireNonBlank(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}

package africa.easymo.perf.lib.config;

/**
 * The environment variables of the harness this project replaces (k6 + Locust + a Node seed script; see
 * docs/configuration.md). Their names are a contract with the people and CI jobs already using them, so a JMeter
 * property of the same meaning uses the same name.
 */
public enum Setting {
    SUPABASE_URL(false, "the Supabase project URL, e.g. https://<ref>.supabase.co"),
    SUPABASE_SERVICE_ROLE_KEY(true, "Supabase service-role key"),
    PERF_APP_BASE_URL(false, "base URL of the easyMO app"),
    PERF_VOUCHER_PREVIEW_URL(false, "voucher preview endpoint, default ${PERF_APP_BASE_URL}/api/vouchers/preview"),
    PERF_CAMPAIGN_DISPATCH_URL(false, "campaign dispatcher endpoint"),
    PERF_STATION_REDEEM_URL(false, "station redeem endpoint"),
    PERF_STATION_AUTH_HEADER(false, "header that carries the station token, default authorization"),
    PERF_SUPABASE_METRICS_URL(false, "Supabase privileged metrics endpoint"),
    PERF_WABA_SANDBOX_NUMBER(false, "WhatsApp Business sandbox number"),
    PERF_WABA_SANDBOX_TOKEN(true, "WhatsApp Business sandbox token"),
    PERF_CAMPAIGN_BEARER(true, "bearer token of the campaign dispatcher"),
    BRIDGE_SHARED_SECRET(true, "shared secret sent as x-bridge-secret"),
    PERF_OUTPUT_FILE(false, "k6-style summary JSON output file"),
    PERF_LOCUST_LOG(false, "campaign response audit log (JSON lines)"), PERF_SUMMARY_PATH(false, "seed summary file");

    private final boolean secret;
    private final String description;

    Setting(boolean secret, String description) {
        this.secret = secret;
        this.description = description;
    }

    /** True when the value must never reach a log, a JTL, a report or an exception message. */
    public boolean secret() {
        return secret;
    }

    /** The environment variable name. */
    public String envName() {
        return name();
    }

    /** The JMeter property ({@code -J...}) of the same meaning: the environment name itself. */
    public String propertyName() {
        return name();
    }

    public String description() {
        return description;
    }
}

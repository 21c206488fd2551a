package africa.easymo.perf.journeys.setup;

import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.config.Settings;
import africa.easymo.perf.journeys.setup.EasymoTarget;
import africa.easymo.perf.run.RunOutcome;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * easyMO Target: the endpoints, secrets and timeouts of the system under test, resolved once per engine at test start
 * into {@link EasymoRun#target()}, plus the engine's pooled HTTP client. Endpoints come from the environment variables
 * listed in docs/configuration.md, each overridable by a JMeter property of the same name, and may be overridden here.
 * Secrets are never typed into the plan: they come from the environment or {@code -J} properties only, so a saved .jmx
 * cannot leak them.
 */
public class EasymoTargetConfig extends ConfigTestElement
        implements TestBean, TestStateListener, NoThreadClone, NoConfigMerge {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(EasymoTargetConfig.class);

    private String appBaseUrl = "";
    private String supabaseUrl = "";
    private String voucherPreviewUrl = "";
    private String campaignDispatchUrl = "";
    private String stationRedeemUrl = "";
    private String supabaseMetricsUrl = "";
    private String stationAuthHeader = "";
    private int connectTimeoutMillis = 5000;
    private int responseTimeoutMillis = 30000;
    private int maxConnections = 500;
    private String idempotencyPrefix = "perf";

    @Override
    public void testStarted() {
        testStarted("");
    }

    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        setRunningVersion(true);
        TestBeanHelper.prepare(this);
        EasymoRun ctx = EasymoRun.join();
        if (connectTimeoutMillis <= 0 || responseTimeoutMillis <= 0 || maxConnections <= 0) {
            throw EasymoRun.join().outcome()
                    .refuseStart("easyMO Target: connect timeout, response timeout and max connections must "
                            + "be positive (got " + connectTimeoutMillis + ", " + responseTimeoutMillis + ", "
                            + maxConnections + ")");
        }
        EasymoTarget target = EasymoTarget.of(resolveSettings(JMeterUtils::getProperty, System::getenv),
                Duration.ofMillis(connectTimeoutMillis), Duration.ofMillis(responseTimeoutMillis), idempotencyPrefix);
        ctx.installTarget(target, maxConnections);
        log.info("easymo-perf: target {}", target);
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
        EasymoRun.find().ifPresent(EasymoRun::testEnded);
    }

    /** Every setting: this element's override if set, else the JMeter property, else the environment variable. */
    Map<Setting, String> resolveSettings(Function<String, String> props, Function<String, String> env) {
        Map<String, String> overrides = Map.of(Setting.PERF_APP_BASE_URL.name(), appBaseUrl,
                Setting.SUPABASE_URL.name(), supabaseUrl, Setting.PERF_VOUCHER_PREVIEW_URL.name(), voucherPreviewUrl,
                Setting.PERF_CAMPAIGN_DISPATCH_URL.name(), campaignDispatchUrl, Setting.PERF_STATION_REDEEM_URL.name(),
                stationRedeemUrl, Setting.PERF_SUPABASE_METRICS_URL.name(), supabaseMetricsUrl,
                Setting.PERF_STATION_AUTH_HEADER.name(), stationAuthHeader);
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String o = overrides.get(s.name());
            if (o != null && !o.isBlank()) {
                out.put(s, o.trim());
            } else {
                Settings.resolve(s, props, env).ifPresent(v -> out.put(s, v));
            }
        }
        return out;
    }

    public String getAppBaseUrl() {
        return appBaseUrl;
    }

    public void setAppBaseUrl(String appBaseUrl) {
        this.appBaseUrl = appBaseUrl;
    }

    public String getSupabaseUrl() {
        return supabaseUrl;
    }

    public void setSupabaseUrl(String supabaseUrl) {
        this.supabaseUrl = supabaseUrl;
    }

    public String getVoucherPreviewUrl() {
        return voucherPreviewUrl;
    }

    public void setVoucherPreviewUrl(String voucherPreviewUrl) {
        this.voucherPreviewUrl = voucherPreviewUrl;
    }

    public String getCampaignDispatchUrl() {
        return campaignDispatchUrl;
    }

    public void setCampaignDispatchUrl(String campaignDispatchUrl) {
        this.campaignDispatchUrl = campaignDispatchUrl;
    }

    public String getStationRedeemUrl() {
        return stationRedeemUrl;
    }

    public void setStationRedeemUrl(String stationRedeemUrl) {
        this.stationRedeemUrl = stationRedeemUrl;
    }

    public String getSupabaseMetricsUrl() {
        return supabaseMetricsUrl;
    }

    public void setSupabaseMetricsUrl(String supabaseMetricsUrl) {
        this.supabaseMetricsUrl = supabaseMetricsUrl;
    }

    public String getStationAuthHeader() {
        return stationAuthHeader;
    }

    public void setStationAuthHeader(String stationAuthHeader) {
        this.stationAuthHeader = stationAuthHeader;
    }

    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public void setConnectTimeoutMillis(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public int getResponseTimeoutMillis() {
        return responseTimeoutMillis;
    }

    public void setResponseTimeoutMillis(int responseTimeoutMillis) {
        this.responseTimeoutMillis = responseTimeoutMillis;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public String getIdempotencyPrefix() {
        return idempotencyPrefix;
    }

    public void setIdempotencyPrefix(String idempotencyPrefix) {
        this.idempotencyPrefix = idempotencyPrefix;
    }
}

package africa.easymo.perf.lib.config;

import africa.easymo.perf.core.Secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void propertyWinsOverEnvironmentAndBlankIsUnset() {
        Map<String, String> props = Map.of("SUPABASE_URL", "http://prop", "PERF_OUTPUT_FILE", "  ");
        Map<String, String> env = Map.of("SUPABASE_URL", "http://env", "PERF_OUTPUT_FILE", "out.json",
                "PERF_LOCUST_LOG", " ");
        assertThat(Settings.resolve(Setting.SUPABASE_URL, props::get, env::get)).contains("http://prop");
        assertThat(Settings.resolve(Setting.PERF_OUTPUT_FILE, props::get, env::get)).contains("out.json");
        assertThat(Settings.resolve(Setting.PERF_LOCUST_LOG, props::get, env::get)).isEmpty();
        assertThat(Settings.resolve(Setting.PERF_SUMMARY_PATH, null, env::get)).isEmpty();
    }

    @Test
    void secretsAreTheKeysAndTokens() {
        assertThat(Setting.values()).filteredOn(Setting::secret).containsExactlyInAnyOrder(
                Setting.SUPABASE_SERVICE_ROLE_KEY, Setting.PERF_WABA_SANDBOX_TOKEN, Setting.PERF_CAMPAIGN_BEARER,
                Setting.BRIDGE_SHARED_SECRET);
        assertThat(Setting.PERF_SUMMARY_PATH.propertyName()).isEqualTo("PERF_SUMMARY_PATH");
        assertThat(Settings.resolveSecret(Setting.BRIDGE_SHARED_SECRET, k -> "s3cret", k -> null).orElseThrow())
                .hasToString("***");
    }

    @Test
    void secretHidesItsValue() {
        Secret s = new Secret("abc");
        assertThat(s).hasToString("***");
        assertThat("key=" + s).isEqualTo("key=***");
        assertThat(s.reveal()).isEqualTo("abc");
        assertThat(s).isEqualTo(new Secret("abc")).isNotEqualTo(new Secret("abd"));
    }
}

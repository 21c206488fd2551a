package africa.easymo.perf.lib.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import africa.easymo.perf.core.Secret;

import org.junit.jupiter.api.Test;

class SupabaseKeyHeadersTest {

    @Test
    void aJwtKeyIsSentAsApikeyAndAsBearer() {
        assertThat(SupabaseKeyHeaders.of(new Secret("eyJhbGciOiJIUzI1NiJ9.e30.sig"))).containsExactly(
                entry("apikey", "eyJhbGciOiJIUzI1NiJ9.e30.sig"),
                entry("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    }

    @Test
    void aSecretKeyIsSentAsApikeyOnly() {
        assertThat(SupabaseKeyHeaders.of(new Secret("sb_secret_abc")))
                .containsExactly(entry("apikey", "sb_secret_abc"));
    }

    @Test
    void aPublishableKeyIsStillSentAsBearer() {
        assertThat(SupabaseKeyHeaders.of(new Secret("sb_publishable_abc"))).containsKey("Authorization");
    }
}

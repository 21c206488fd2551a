package africa.easymo.perf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void masksPlainBearerAndBasicForms() {
        Redactor r = Redactor.of(List.of("sk-123456", "tok_abc"));
        assertThat(r.redact("apikey: sk-123456\nAuthorization: Bearer tok_abc"))
                .isEqualTo("apikey: [REDACTED]\nAuthorization: Bearer [REDACTED]");
        String basic = Base64.getEncoder().encodeToString("service_role:sk-123456".getBytes(StandardCharsets.UTF_8));
        assertThat(r.redact("Authorization: Basic " + basic)).isEqualTo("Authorization: Basic [REDACTED]");
        String plainB64 = Base64.getEncoder().encodeToString("tok_abc".getBytes(StandardCharsets.UTF_8));
        assertThat(r.redact("x=" + plainB64)).isEqualTo("x=[REDACTED]");
        assertThat(r.redact("Basic dXNlcjpvdGhlcg==")).isEqualTo("Basic dXNlcjpvdGhlcg==");
    }

    @Test
    void longestSecretFirstAndNothingToDoIsCheap() {
        Redactor r = Redactor.of(Arrays.asList("abc", "abcdef", null, " "));
        assertThat(r.redact("xabcdefx abc")).isEqualTo("x[REDACTED]x [REDACTED]");
        String s = "unchanged";
        assertThat(Redactor.of(List.of()).redact(s)).isSameAs(s);
        assertThat(Redactor.none().isEmpty()).isTrue();
        assertThat(r.redact(null)).isNull();
        assertThat(r.with(List.of("zzz")).redact("zzz abc")).isEqualTo("[REDACTED] [REDACTED]");
    }

    @Test
    void findsBasicInAnyCaseAfterManyNearMisses() {
        Redactor r = Redactor.of(List.of("sk-123456"));
        String basic = Base64.getEncoder().encodeToString("service_role:sk-123456".getBytes(StandardCharsets.UTF_8));
        String noise = "bab Bab bas BAS basi BASI b B ".repeat(50);
        for (String scheme : List.of("basic", "BASIC", "bAsIc", "Basic")) {
            assertThat(r.redact(noise + "authorization: " + scheme + " " + basic))
                    .isEqualTo(noise + "authorization: " + scheme + " [REDACTED]");
        }
        assertThat(r.redact(noise + "basi")).isEqualTo(noise + "basi");
        assertThat(r.redact("b")).isEqualTo("b");
    }
}

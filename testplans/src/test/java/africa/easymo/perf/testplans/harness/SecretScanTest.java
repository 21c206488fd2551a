package africa.easymo.perf.testplans.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {
    private static final String KEY = "sb_secret_sandbox_dev_0000000000000000";

    @TempDir
    Path tmp;

    @Test
    void findsPlainUrlEncodedAndBase64FormsAndNamesOnlyTheSecret() throws IOException {
        Files.createDirectories(tmp.resolve("report/content"));
        Files.writeString(tmp.resolve("clean.log"), "Authorization: Bearer [REDACTED]\n");
        Files.writeString(tmp.resolve("report/content/plain.js"), "var k = '" + KEY + "';");
        Files.writeString(tmp.resolve("basic.txt"), "Authorization: Basic "
                + Base64.getEncoder().encodeToString(("service_role:" + KEY).getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tmp.resolve("token.jtl"), "x-token=pst%2Fab%2Bcd%3D%3D1234");

        SecretScan scan = new SecretScan().secret("SUPABASE_SERVICE_ROLE_KEY", KEY).secret("token", "pst/ab+cd==1234")
                .secret("blank", "").secret("short", "abc");

        assertThat(scan.size()).isEqualTo(2);
        assertThat(scan.findings(tmp)).containsExactlyInAnyOrder(
                "report/content/plain.js: SUPABASE_SERVICE_ROLE_KEY (plain)",
                "basic.txt: SUPABASE_SERVICE_ROLE_KEY (base64 service_role basic)", "token.jtl: token (url-encoded)");
        assertThat(String.join("\n", scan.findings(tmp))).doesNotContain(KEY);
    }

    @Test
    void cleanTreeAndMissingFolderHaveNoFindings() throws IOException {
        Files.writeString(tmp.resolve("a.log"), "nothing to see");
        SecretScan scan = new SecretScan().secret("k", KEY);
        assertThat(scan.findings(tmp)).isEmpty();
        assertThat(scan.findings(tmp.resolve("absent"))).isEmpty();
    }
}

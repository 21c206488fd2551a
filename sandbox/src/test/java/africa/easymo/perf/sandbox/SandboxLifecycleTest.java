package africa.easymo.perf.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SandboxLifecycleTest {

    @Test
    void externalDatabaseGetsTheSchemaIdempotentlyAndSharesTheData() {
        try (Sandbox first = Sandbox.start(SandboxConfig.defaults())) {
            assertThat(first.baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(first.port()).isPositive();
            SandboxHttp http = new SandboxHttp(first);
            assertThat(http.post("/rest/v1/stations", Rows.station(Rows.uuid(1), "ENG-L-1")).statusCode())
                    .isEqualTo(201);
            String jdbcUrl = ((HikariDataSource) first.dataSource()).getJdbcUrl();
            try (Sandbox second = Sandbox
                    .start(SandboxConfig.builder().jdbcUrl(jdbcUrl).jdbcUser("postgres").build())) {
                assertThat(second.databaseDescription()).isEqualTo("external PostgreSQL");
                SandboxHttp other = new SandboxHttp(second);
                assertThat(other.get("/rest/v1/stations?engencode=eq.ENG-L-1").body()).contains(Rows.uuid(1));
            }
            // Closing the second sandbox must not touch the first one's database.
            assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortFailsTheStartWithoutLeavingAnythingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            SandboxConfig config = SandboxConfig.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(() -> Sandbox.start(config)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() {
        Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
        int port = sandbox.port();
        sandbox.close();
        sandbox.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aJvmThatExitsWithoutCloseStillStopsPostgresAndDeletesItsData() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExitWithoutClose.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("DB embedded PostgreSQL on port (\\d+), data in (\\S+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(Files.exists(Paths.get(m.group(2)))).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void configRefusesBadValuesAndHidesKeysInToString() {
        assertThatThrownBy(() -> SandboxConfig.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.builder().serviceRoleKey(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.builder().serviceRoleKey("same").anonKey("same").build())
                .isInstanceOf(IllegalArgumentException.class);
        SandboxConfig c = SandboxConfig.builder().serviceRoleKey("sb_secret_hidden").jdbcPassword("pw").build();
        assertThat(c.toString()).doesNotContain("sb_secret_hidden").doesNotContain("pw");
    }
}

package africa.easymo.perf.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SandboxMainTest {

    @Test
    void inProcessCommandServesWithTheEnvironmentsKeyAndNeverPrintsIt() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        String key = "sb_secret_from_env_0123456789";
        SandboxMain main = new SandboxMain(Map.of("SANDBOX_SERVICE_ROLE_KEY", key), out, new CountDownLatch(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = pool.submit(() -> new CommandLine(main).execute("--port", "0"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (main.running() == null && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(50);
            }
            Sandbox sandbox = main.running();
            assertThat(sandbox).isNotNull();
            SandboxHttp http = new SandboxHttp(sandbox.baseUrl(), key);
            assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
            main.stop();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            String printed = buffer.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("SUPABASE_URL=" + sandbox.baseUrl()).doesNotContain(key);
            assertThatThrownBy(() -> new Socket("127.0.0.1", sandbox.port()).close())
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void processPrintsUrlAndDevKeyAndStopsCleanlyOnSigterm() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SandboxMain.class.getName(), "--port", "0");
        pb.environment().remove("SANDBOX_SERVICE_ROLE_KEY");
        pb.environment().remove("SANDBOX_JDBC_URL");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            String key = null;
            int dbPort = -1;
            StringBuilder seen = new StringBuilder();
            Pattern dbLine = Pattern.compile(".*embedded PostgreSQL on port (\\d+).*");
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = dbLine.matcher(line);
                if (m.matches()) {
                    dbPort = Integer.parseInt(m.group(1));
                }
                if (line.startsWith("SUPABASE_URL=")) {
                    url = line.substring("SUPABASE_URL=".length());
                }
                if (line.startsWith("SUPABASE_SERVICE_ROLE_KEY=")) {
                    key = line.substring("SUPABASE_SERVICE_ROLE_KEY=".length());
                }
                if (line.startsWith("Ctrl-C")) {
                    break;
                }
            }
            assertThat(url).as(seen.toString()).isNotNull();
            assertThat(key).isEqualTo(SandboxConfig.DEFAULT_SERVICE_ROLE_KEY);
            assertThat(dbPort).isPositive();
            SandboxHttp http = new SandboxHttp(URI.create(url), key);
            assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);

            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int port = dbPort;
            int httpPort = URI.create(url).getPort();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> new Socket("127.0.0.1", httpPort).close()).isInstanceOf(java.io.IOException.class);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void usageErrorsExitNonZero() {
        SandboxMain main = new SandboxMain(Map.of(), new PrintStream(new ByteArrayOutputStream()),
                new CountDownLatch(1));
        CommandLine cli = new CommandLine(main);
        cli.setErr(new java.io.PrintWriter(new ByteArrayOutputStream()));
        assertThat(cli.execute("--port", "not-a-number")).isEqualTo(2);
        assertThat(cli.execute("--port", "70000")).isNotZero();
    }
}

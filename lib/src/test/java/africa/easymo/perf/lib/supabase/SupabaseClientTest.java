package africa.easymo.perf.lib.supabase;

import africa.easymo.perf.core.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.core.Secret;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's HTTP behaviour against a scripted local server (the sandbox tests in seed-tool cover the real PostgREST
 * semantics).
 */
class SupabaseClientTest {
    private static final String KEY = "service-key-that-must-never-leak";
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentLinkedQueue<Consumer<HttpExchange>> script = new ConcurrentLinkedQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private HttpServer server;
    private CloseableHttpClient http;

    private SupabaseClient client() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " apikey="
                    + ex.getRequestHeaders().getFirst("apikey") + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization") + " prefer="
                    + ex.getRequestHeaders().getFirst("Prefer") + " body="
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Consumer<HttpExchange> step = script.poll();
            if (step == null) {
                reply(ex, 500, "{\"message\":\"unscripted\"}");
            } else {
                step.accept(ex);
            }
        });
        server.start();
        http = SupabaseClient.defaultHttpClient(4, Duration.ofSeconds(5));
        RetryPolicy retry = RetryPolicy.defaults().withMaxAttempts(3).withSleeper(sleeps::add);
        return new SupabaseClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                new Secret(KEY), http, retry);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop(0);
        }
        if (http != null) {
            http.close();
        }
    }

    private static void reply(HttpExchange ex, int status, String body, String... headers) {
        try {
            for (int i = 0; i < headers.length; i += 2) {
                ex.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void upsertSendsKeysColumnsAndMergePreference() throws IOException {
        SupabaseClient c = client();
        script.add(ex -> reply(ex, 201, ""));
        ObjectNode a = json.createObjectNode().put("id", "1").put("name", "x");
        ObjectNode b = json.createObjectNode().put("id", "2").put("city", "Kigali");
        assertThat(c.upsert("stations", "id", List.of(a, b))).isEqualTo(201);
        assertThat(seen.get(0))
                .startsWith("POST /rest/v1/stations?on_conflict=id&columns=%22id%22,%22name%22,%22city%22")
                .contains("auth=Bearer " + KEY)
                .contains("prefer=resolution=merge-duplicates,return=minimal,missing=default")
                .contains("body=[{\"id\":\"1\",\"name\":\"x\"},{\"id\":\"2\",\"city\":\"Kigali\"}]");
    }

    @Test
    void retriesTransientStatusesHonouringRetryAfter() throws IOException {
        SupabaseClient c = client();
        List<String> retries = new ArrayList<>();
        c.onRetry(retries::add);
        script.add(ex -> reply(ex, 503, "{\"message\":\"busy\"}", "Retry-After", "7"));
        script.add(ex -> reply(ex, 429, ""));
        script.add(ex -> reply(ex, 200, "[{\"id\":1}]"));
        assertThat(c.select("vouchers", "select=id")).hasSize(1);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7251));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(c.retryCount()).isEqualTo(2);
        assertThat(retries.get(0)).isEqualTo("GET /rest/v1/vouchers?select=id: HTTP 503: busy - retry 1 of 2 in "
                + sleeps.get(0).toMillis() + " ms");
    }

    @Test
    void givesUpAfterMaxAttempts() throws IOException {
        SupabaseClient c = client();
        for (int i = 0; i < 3; i++) {
            script.add(ex -> reply(ex, 504, "gateway timeout"));
        }
        assertThatThrownBy(() -> c.count("vouchers", "")).isInstanceOf(SupabaseException.class)
                .hasMessage("HEAD /rest/v1/vouchers: HTTP 504: gateway timeout");
        assertThat(seen).hasSize(3);
    }

    @Test
    void postgrestErrorsAreOneLineWithCodeAndDetailsAndNeverTheKey() throws IOException {
        SupabaseClient c = client();
        script.add(ex -> reply(ex, 409, "{\"code\":\"23505\",\"details\":\"Key (code5)=(AB123) already exists.\","
                + "\"hint\":null,\"message\":\"duplicate key value violates unique constraint \\\"vouchers_code5_key\\\"\"}"));
        assertThatThrownBy(() -> c.upsert("vouchers", "id", List.of(json.createObjectNode().put("id", "1"))))
                .isInstanceOfSatisfying(SupabaseException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("23505");
                    assertThat(e.getMessage()).isEqualTo("POST /rest/v1/vouchers: HTTP 409 23505: duplicate key value "
                            + "violates unique constraint \"vouchers_code5_key\" (Key (code5)=(AB123) already exists.)");
                });
        script.add(ex -> reply(ex, 401, "{\"message\":\"Invalid API key " + KEY + "\",\"hint\":\"x\"}"));
        assertThatThrownBy(() -> c.select("profiles", "select=user_id"))
                .hasMessage("GET /rest/v1/profiles?select=user_id: HTTP 401: Invalid API key [REDACTED]");
        assertThat(seen).hasSize(2);
    }

    @Test
    void countReadsContentRangeAndGoTrueErrorsAreParsed() throws IOException {
        SupabaseClient c = client();
        script.add(ex -> reply(ex, 200, "", "Content-Range", "0-24/3573458"));
        assertThat(c.count("campaign_targets", "campaign_id=eq.x")).isEqualTo(3573458L);
        script.add(ex -> reply(ex, 200, "", "Content-Range", "*/0"));
        assertThat(c.count("campaign_targets", "")).isZero();
        script.add(ex -> reply(ex, 422,
                "{\"code\":\"email_exists\",\"message\":\"A user with this email address has already been registered\"}"));
        assertThatThrownBy(() -> c.createUser(json.createObjectNode().put("email", "a@b")))
                .isInstanceOfSatisfying(SupabaseException.class, e -> assertThat(e.code()).isEqualTo("email_exists"));
        script.add(ex -> reply(ex, 404, "{\"code\":\"user_not_found\",\"message\":\"User not found\"}"));
        assertThat(c.getUser("abc")).isEmpty();
        script.add(ex -> reply(ex, 422, "{\"code\":422,\"error_code\":\"email_exists\",\"msg\":\"taken\"}"));
        assertThatThrownBy(() -> c.createUser(json.createObjectNode()))
                .hasMessage("POST /auth/v1/admin/users: HTTP 422 email_exists: taken");
        assertThat(seen.get(0)).startsWith("HEAD /rest/v1/campaign_targets?campaign_id=eq.x")
                .contains("prefer=count=exact");
    }

    @Test
    void secretKeysGoInApikeyOnly() throws IOException {
        client();
        SupabaseClient c = new SupabaseClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new Secret("sb_secret_abc"), http, RetryPolicy.none());
        script.add(ex -> reply(ex, 200, "[]"));
        c.select("stations", "select=id");
        assertThat(seen.get(0)).contains("apikey=sb_secret_abc auth=null");
    }

    @Test
    void unreachableHostIsOneLineAndNotRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (CloseableHttpClient h = SupabaseClient.defaultHttpClient(2, Duration.ofSeconds(2))) {
            List<Duration> waits = new ArrayList<>();
            SupabaseClient c = new SupabaseClient(URI.create("http://127.0.0.1:" + port), new Secret(KEY), h,
                    RetryPolicy.defaults().withSleeper(waits::add));
            assertThatThrownBy(() -> c.select("stations", "select=id")).isInstanceOfSatisfying(SupabaseException.class,
                    e -> {
                        assertThat(e.isNetworkError()).isTrue();
                        assertThat(e.getMessage())
                                .startsWith("GET /rest/v1/stations?select=id: cannot connect to 127.0.0.1:" + port
                                        + ": Connection refused")
                                .doesNotContain("\n");
                    });
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void refusesUnfilteredDeletes() throws IOException {
        SupabaseClient c = client();
        assertThatThrownBy(() -> c.delete("vouchers", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SupabaseClient.inList(List.of("a", "b.c"))).isEqualTo("in.%28%22a%22%2C%22b.c%22%29");
    }
}

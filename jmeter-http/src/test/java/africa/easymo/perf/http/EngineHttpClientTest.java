package africa.easymo.perf.http;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.core.Redactor;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineHttpClientTest {
    static final String TOKEN = "pst_0123456789abcdef0123456789abcdef";

    HttpServer server;
    ExecutorService serverThreads;
    EngineHttpClient client;
    final AtomicReference<String> seenAuth = new AtomicReference<>();
    final AtomicReference<String> seenBody = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/redeem", ex -> {
            seenAuth.set(ex.getRequestHeaders().getFirst("authorization"));
            seenBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"status\":\"redeemed\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.getResponseHeaders().add("X-Echo", "token was " + TOKEN);
            ex.sendResponseHeaders(201, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.start();
        client = new EngineHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(5), 4,
                () -> Redactor.of(List.of(TOKEN)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void fillsTheResultLikeJMetersHttpSampler() throws Exception {
        HTTPSampleResult r = client
                .execute(HttpRequestSpec.post(uri("/redeem")).withHeader("authorization", "Bearer " + TOKEN)
                        .withHeader("Idempotency-Key", "perf-redeem-1").withJsonBody("{\"voucherId\":\"v1\"}"));

        assertThat(r.isSuccessful()).isTrue();
        assertThat(r.getURL().toString()).isEqualTo(uri("/redeem").toString());
        assertThat(r.getHTTPMethod()).isEqualTo("POST");
        assertThat(r.getResponseCode()).isEqualTo("201");
        assertThat(r.getResponseMessage()).isEqualTo("Created");
        assertThat(r.getResponseDataAsString()).isEqualTo("{\"status\":\"redeemed\"}");
        assertThat(r.getResponseHeaders()).startsWith("HTTP/1.1 201")
                .containsIgnoringCase("Content-Type: application/json");
        assertThat(r.getDataEncodingWithDefault()).isEqualToIgnoringCase("utf-8");
        assertThat(r.getQueryString()).isEqualTo("{\"voucherId\":\"v1\"}");
        assertThat(r.getSamplerData()).contains("POST").contains("/redeem");
        assertThat(r.getBodySizeAsLong()).isEqualTo(21);
        assertThat(r.getHeadersSize()).isGreaterThan(20);
        assertThat(r.getBytesAsLong()).isEqualTo(r.getHeadersSize() + 21L);
        assertThat(r.getSentBytes()).isGreaterThan(r.getQueryString().length() + 50L);
        assertThat(client.connectionsOpened()).isEqualTo(1);
        assertThat(r.getConnectTime()).isGreaterThanOrEqualTo(0); // milliseconds, like JMeter: loopback may be 0
        assertThat(r.getLatency()).isGreaterThanOrEqualTo(r.getConnectTime()).isLessThanOrEqualTo(r.getTime());
        assertThat(r.getStartTime()).isPositive();
        // the server saw the real token; the sample keeps only the redacted form
        assertThat(seenAuth.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(seenBody.get()).isEqualTo("{\"voucherId\":\"v1\"}");
        assertThat(r.getRequestHeaders()).contains("authorization: ").contains("Idempotency-Key: perf-redeem-1")
                .doesNotContain(TOKEN).contains(Redactor.MASK);
        assertThat(r.getResponseHeaders()).doesNotContain(TOKEN);
    }

    @Test
    void reusesTheKeepAliveConnection() {
        HTTPSampleResult first = client.execute(HttpRequestSpec.post(uri("/redeem")).withJsonBody("{}"));
        HTTPSampleResult second = client.execute(HttpRequestSpec.post(uri("/redeem")).withJsonBody("{}"));
        assertThat(client.connectionsOpened()).isEqualTo(1);
        assertThat(second.getConnectTime()).isZero();
        assertThat(second.getSentBytes()).isPositive();
        assertThat(client.openConnections()).isEqualTo(1);
    }

    /** A caller's own result type, as a sampler whose results carry more than HTTP makes. */
    static final class TaggedResult extends HTTPSampleResult {
        private static final long serialVersionUID = 1L;
        final String tag;

        TaggedResult(String tag) {
            this.tag = tag;
        }
    }

    @Test
    void aResultTheCallerMadeIsFilledLikeOneTheClientMakes() throws IOException {
        TaggedResult mine = new TaggedResult("batch-7");
        TaggedResult r = client.execute(HttpRequestSpec.post(uri("/redeem")).withJsonBody("{}"), mine);
        assertThat(r).isSameAs(mine);
        assertThat(r.tag).isEqualTo("batch-7");
        assertThat(r.isSuccessful()).isTrue();
        assertThat(r.getResponseCode()).isEqualTo("201");
        assertThat(r.getURL().getPath()).isEqualTo("/redeem");
        assertThat(r.getSentBytes()).isPositive();

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        TaggedResult refused = client.execute(
                HttpRequestSpec.post(URI.create("http://127.0.0.1:" + port + "/redeem")).withJsonBody("{}"),
                new TaggedResult("batch-8"));
        assertThat(refused.tag).isEqualTo("batch-8");
        assertThat(refused.isSuccessful()).isFalse();
        assertThat(refused.getResponseCode()).startsWith("Non HTTP response code: ");
    }

    @Test
    void aRefusedConnectionIsAFailedSampleNotAnException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        HTTPSampleResult r = client.execute(HttpRequestSpec.post(URI.create("http://127.0.0.1:" + port + "/redeem"))
                .withHeader("authorization", "Bearer " + TOKEN).withJsonBody("{}"));
        assertThat(r.isSuccessful()).isFalse();
        assertThat(r.getResponseCode()).startsWith("Non HTTP response code: ").contains("ConnectException");
        assertThat(r.getResponseMessage()).startsWith("Non HTTP response message: ");
        assertThat(r.getRequestHeaders()).doesNotContain(TOKEN);
        assertThat(r.getEndTime()).isGreaterThanOrEqualTo(r.getStartTime());
    }

    @Test
    void manyThreadsShareAtMostTheCappedConnectionsAndIdleOnesCanBeClosed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        AtomicInteger ok = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (client.execute(HttpRequestSpec.post(uri("/redeem")).withJsonBody("{}")).isSuccessful()) {
                            ok.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ok).hasValue(320);
        assertThat(client.connectionsOpened()).isBetween(1L, 4L);
        assertThat(client.openConnections()).isBetween(1, 4);

        client.closeIdle(Duration.ZERO);
        assertThat(client.openConnections()).isZero();
        long before = client.connectionsOpened();
        assertThat(client.execute(HttpRequestSpec.get(uri("/redeem"))).isSuccessful()).isTrue();
        assertThat(client.connectionsOpened()).isEqualTo(before + 1);
        assertThat(client.openConnections()).isEqualTo(1);
    }
}

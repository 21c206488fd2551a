package africa.easymo.perf.evidence.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The server on loopback: its four paths, nothing else, and a port already taken. */
class LiveDashboardTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageUplotAndTheLatestSnapshotAndNothingElse() throws Exception {
        AtomicReference<String> json = new AtomicReference<>("{\"n\":1}");
        List<String> said = new ArrayList<>();
        Optional<LiveDashboard> d = LiveDashboard.start(new LiveSettings(true, "127.0.0.1", 0, 0),
                since -> since < 0 ? json.get() : "{\"since\":" + since + "}", said::add);
        assertThat(d).isPresent();
        try (LiveDashboard dashboard = d.get()) {
            URI url = dashboard.url();
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(said).containsExactly("Live dashboard: " + url);
            HttpResponse<String> page = get(url);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"uPlot.iife.min.js\">").contains("poll: 'data.json'")
                    .contains("id=\"thresholds\"").contains("id=\"abort-rules\"");
            assertThat(get(url.resolve("/data.json")).body()).isEqualTo("{\"n\":1}");
            json.set("{\"n\":2}");
            assertThat(get(url.resolve("/data.json")).body()).isEqualTo("{\"n\":2}");
            assertThat(get(url.resolve("/data.json?since=42")).body()).isEqualTo("{\"since\":42}");
            assertThat(get(url.resolve("/data.json?x=1&since=7")).body()).isEqualTo("{\"since\":7}");
            assertThat(get(url.resolve("/data.json?since=-3")).body()).isEqualTo("{\"n\":2}");
            assertThat(get(url.resolve("/data.json?since=abc")).body()).isEqualTo("{\"n\":2}");
            HttpResponse<String> js = get(url.resolve("/uPlot.iife.min.js"));
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.body()).contains("uPlot");
            assertThat(get(url.resolve("/uPlot.min.css")).body()).contains(".uplot");
            assertThat(get(url.resolve("/../../etc/passwd")).statusCode()).isEqualTo(404);
            assertThat(get(url.resolve("/META-INF/MANIFEST.MF")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(url.resolve("/data.json"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aPortAlreadyTakenIsOneLineAndNoServer() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> said = new ArrayList<>();
            Optional<LiveDashboard> d = LiveDashboard
                    .start(new LiveSettings(true, "127.0.0.1", taken.getLocalPort(), 0), since -> "{}", said::add);
            assertThat(d).isEmpty();
            assertThat(said).hasSize(1);
            assertThat(said.get(0))
                    .startsWith("Live dashboard not started: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .endsWith("the run goes on without it");
        }
    }

    @Test
    void theServersThreadsNeverKeepTheJvmAlive() throws Exception {
        try (LiveDashboard d = LiveDashboard.start(new LiveSettings(true, "127.0.0.1", 0, 0), since -> "{}", s -> {
        }).orElseThrow()) {
            get(d.url());
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(
                    t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("perf-live-dashboard"))
                    .isNotEmpty().allMatch(Thread::isDaemon);
        }
    }
}

package africa.easymo.perf.evidence.live;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The live dashboard's server: the JDK's HTTP server on daemon threads, bound only where it is told, serving four fixed
 * paths — the page, uPlot's script and style from the jar, and the latest snapshot ({@code data.json}), which the page
 * polls every second with {@code ?since=} the point after the last one it holds. It serves nothing else and never reads
 * a request body.
 */
public final class LiveDashboard implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI url;

    private LiveDashboard(HttpServer server, ExecutorService executor, URI url) {
        this.server = server;
        this.executor = executor;
        this.url = url;
    }

    /**
     * Binds and serves; on failure (port taken, unknown host) says so in one line and returns empty.
     *
     * @param snapshot
     *            the latest snapshot JSON, already redacted, for a series from that point on ({@code -1}: the whole
     *            live window)
     * @param say
     *            where the one line (URL or failure) goes: console and log
     */
    public static Optional<LiveDashboard> start(LiveSettings settings, LongFunction<String> snapshot,
            Consumer<String> say) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        } catch (IOException | RuntimeException e) {
            say.accept("Live dashboard not started: cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e + "); the run goes on without it");
            return Optional.empty();
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "perf-live-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        byte[] page = LivePage.live().getBytes(StandardCharsets.UTF_8);
        byte[] js = LivePage.asset(LivePage.UPLOT_JS);
        byte[] css = LivePage.asset(LivePage.UPLOT_CSS);
        server.setExecutor(executor);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            switch (path) {
            case "/", "/index.html" -> send(x, 200, "text/html; charset=utf-8", page);
            case "/data.json" -> send(x, 200, "application/json",
                    snapshot.apply(since(x.getRequestURI().getRawQuery())).getBytes(StandardCharsets.UTF_8));
            case "/" + LivePage.UPLOT_JS -> send(x, js == null ? 404 : 200, "text/javascript", js);
            case "/" + LivePage.UPLOT_CSS -> send(x, css == null ? 404 : 200, "text/css", css);
            default -> send(x, 404, "text/plain", null);
            }
        });
        // The dispatcher thread takes the daemon flag of the thread that starts it: never keep a JVM alive.
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failed.set(e);
            }
        }, "perf-live-dashboard-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failed.get() != null) {
            server.stop(0);
            executor.shutdownNow();
            say.accept("Live dashboard not started: " + failed.get() + "; the run goes on without it");
            return Optional.empty();
        }
        InetSocketAddress bound = server.getAddress();
        String host = bound.getHostString();
        URI url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
        say.accept("Live dashboard: " + url);
        return Optional.of(new LiveDashboard(server, executor, url));
    }

    /** {@code since=N} of the query, or -1 when there is none or it is not a small non-negative number. */
    static long since(String rawQuery) {
        if (rawQuery == null) {
            return -1;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("since=")) {
                String v = pair.substring("since=".length());
                if (!v.isEmpty() && v.length() <= 18 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Long.parseLong(v);
                }
                return -1;
            }
        }
        return -1;
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                x.sendResponseHeaders(405, -1);
                return;
            }
            byte[] b = status == 200 && body != null ? body : "not found\n".getBytes(StandardCharsets.US_ASCII);
            x.getResponseHeaders().set("Content-Type", status == 200 ? type : "text/plain");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (method.equals("HEAD")) {
                x.sendResponseHeaders(status, -1);
                return;
            }
            x.sendResponseHeaders(status, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

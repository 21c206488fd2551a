package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium driven through its DevTools protocol with nothing but the JDK: the browser picks a free debugging
 * port and writes it to {@code DevToolsActivePort} in its own profile folder; one page's WebSocket then takes
 * {@code Page.navigate}, {@code Runtime.evaluate} and {@code Page.captureScreenshot}. {@link #close()} ends the browser
 * and every process it started and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The Chromium on the PATH (or /usr/bin), or null when there is none. */
    public static String find() {
        for (String name : new String[] { "chromium", "chromium-browser", "google-chrome" }) {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /**
     * Starts the browser on about:blank.
     *
     * @param extraArgs
     *            e.g. {@code --proxy-server=127.0.0.1:9} to cut it off from any network
     */
    public static HeadlessChromium start(String chromium, List<String> extraArgs) throws Exception {
        Path profile = Files.createTempDirectory("chromium-cdp-");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-extensions", "--disable-sync", "--mute-audio",
                "--window-size=1400,2200", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--user-data-dir=" + profile));
        command.addAll(extraArgs);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
        try {
            Path active = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> lines = List.of();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (Files.exists(active)) {
                    lines = Files.readAllLines(active);
                    if (lines.size() >= 2) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            if (lines.size() < 2) {
                throw new IllegalStateException(
                        "chromium wrote no DevToolsActivePort in 60 s (alive=" + process.isAlive() + ")");
            }
            int port = Integer.parseInt(lines.get(0).trim());
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            String pageSocket = null;
            while (pageSocket == null && System.nanoTime() < deadline) {
                String list = http
                        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (JsonNode t : JSON.readTree(list)) {
                    if ("page".equals(t.path("type").asText())) {
                        pageSocket = t.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (pageSocket == null) {
                    Thread.sleep(100);
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("chromium shows no page target");
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        while (self[0] == null) {
                            Thread.onSpinWait();
                        }
                        self[0].received(message);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            HeadlessChromium c = new HeadlessChromium(process, profile, ws);
            self[0] = c;
            c.call("Page.enable", JSON.createObjectNode());
            c.call("Runtime.enable", JSON.createObjectNode());
            return c;
        } catch (Exception | Error e) {
            destroy(process);
            deleteTree(profile);
            throw e;
        }
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            }
        } catch (IOException e) {
            // not ours to handle: an event we cannot read
        }
    }

    /** One DevTools command; returns its {@code result}, or throws with its {@code error}. */
    public synchronized JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode m = answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (m.has("error")) {
            throw new IllegalStateException(method + " failed: " + m.get("error"));
        }
        return m.path("result");
    }

    /** Opens {@code url} and waits until the document has loaded. */
    public void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor(() -> "complete".equals(evaluateQuietly("document.readyState")), Duration.ofSeconds(30),
                "page load of " + url);
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON (by value). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate",
                JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** A string expression's value, or null. */
    public String text(String expression) throws Exception {
        JsonNode v = evaluate(expression);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private String evaluateQuietly(String expression) {
        try {
            return text(expression);
        } catch (Exception e) {
            return null;
        }
    }

    /** Waits until the condition holds, checking every 200 ms. */
    public static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Saves a PNG of the whole page. */
    public Path screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot",
                JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText().getBytes(StandardCharsets.US_ASCII)));
        return file;
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } catch (RuntimeException e) {
            // the browser goes anyway
        }
        destroy(process);
        deleteTree(profile);
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try {
            SandboxFixture.deleteTree(dir);
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
        } catch (IOException | RuntimeException e) {
            // a temp folder
        }
    }
}

package africa.easymo.perf.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests: real requests to a sandbox, with or without the service-role key. */
public final class SandboxHttp {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String key;

    public SandboxHttp(Sandbox sandbox) {
        this(sandbox.baseUrl(), sandbox.serviceRoleKey());
    }

    public SandboxHttp(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** A request to a path with {@code apikey} and {@code Authorization: Bearer} set to the service-role key. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = bare(path);
        if (key != null) {
            b.header("apikey", key).header("Authorization", "Bearer " + key);
        }
        return b;
    }

    /** A request without any key. */
    public HttpRequest.Builder bare(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = request(path).GET();
        headers(b, headers);
        return send(b);
    }

    public HttpResponse<String> head(String path, String... headers) {
        HttpRequest.Builder b = request(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
        headers(b, headers);
        return send(b);
    }

    public HttpResponse<String> post(String path, String json, String... headers) {
        return body("POST", path, json, headers);
    }

    public HttpResponse<String> patch(String path, String json, String... headers) {
        return body("PATCH", path, json, headers);
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        return body("PUT", path, json, headers);
    }

    public HttpResponse<String> delete(String path, String... headers) {
        HttpRequest.Builder b = request(path).DELETE();
        headers(b, headers);
        return send(b);
    }

    public HttpResponse<String> body(String method, String path, String json, String... headers) {
        HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        headers(b, headers);
        return send(b);
    }

    private static void headers(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
    }
}

package africa.easymo.perf.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request a sampler wants sent: method, URL, headers in order, optional body. Immutable; build with
 * {@link #post(URI)} / {@link #get(URI)} and the {@code with…} methods.
 */
public final class HttpRequestSpec {
    private final String method;
    private final URI uri;
    private final List<Header> headers;
    private final byte[] body;
    private final String contentType;

    private HttpRequestSpec(String method, URI uri, List<Header> headers, byte[] body, String contentType) {
        this.method = method;
        this.uri = uri;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.contentType = contentType;
    }

    public static HttpRequestSpec get(URI uri) {
        return new HttpRequestSpec("GET", Objects.requireNonNull(uri), List.of(), null, null);
    }

    public static HttpRequestSpec post(URI uri) {
        return new HttpRequestSpec("POST", Objects.requireNonNull(uri), List.of(), null, null);
    }

    public static HttpRequestSpec of(String method, URI uri) {
        return new HttpRequestSpec(method, Objects.requireNonNull(uri), List.of(), null, null);
    }

    public HttpRequestSpec withHeader(String name, String value) {
        List<Header> h = new ArrayList<>(headers.size() + 1);
        h.addAll(headers);
        h.add(new Header(name, value));
        return new HttpRequestSpec(method, uri, h, body, contentType);
    }

    /** A UTF-8 JSON body ({@code Content-Type: application/json}). */
    public HttpRequestSpec withJsonBody(String json) {
        return new HttpRequestSpec(method, uri, headers, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public HttpRequestSpec withBody(byte[] body, String contentType) {
        return new HttpRequestSpec(method, uri, headers, body.clone(), contentType);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public List<Header> headers() {
        return headers;
    }

    /** The body, or null. Not copied: do not modify. */
    byte[] bodyBytes() {
        return body;
    }

    public boolean hasBody() {
        return body != null;
    }

    public String contentType() {
        return contentType;
    }

    /** The body as text (UTF-8), or "" without one. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** One request header. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }
}

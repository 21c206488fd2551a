package africa.easymo.perf.lib.supabase;

import africa.easymo.perf.core.RetryPolicy;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.core.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Supabase's REST (PostgREST) and Auth admin (GoTrue) APIs, as the seed tool and the checks use them. Sends the service
 * key as {@code apikey} and {@code Authorization: Bearer} ({@code apikey} alone for {@code sb_secret_} keys); retries
 * the transient statuses and dropped connections per {@link RetryPolicy}; turns every failure into a one-line
 * {@link SupabaseException} that never contains the key. Thread-safe when the HTTP client is.
 */
public final class SupabaseClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CALL_CHARS = 160;

    private final String base;
    private final Secret key;
    private final CloseableHttpClient http;
    private final RetryPolicy retry;
    private final Redactor redactor;
    private final LongAdder retries = new LongAdder();
    private volatile Consumer<String> retryListener = s -> {
    };

    public SupabaseClient(URI baseUrl, Secret serviceKey, CloseableHttpClient http) {
        this(baseUrl, serviceKey, http, RetryPolicy.defaults());
    }

    public SupabaseClient(URI baseUrl, Secret serviceKey, CloseableHttpClient http, RetryPolicy retry) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String b = baseUrl.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.base = b;
        this.key = Objects.requireNonNull(serviceKey, "serviceKey");
        this.http = Objects.requireNonNull(http, "http");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.redactor = Redactor.of(List.of(serviceKey.reveal()));
    }

    /** A pooled keep-alive client suitable for this class: timeouts on connect and read, no client-side retries. */
    public static CloseableHttpClient defaultHttpClient(int maxConnections, Duration timeout) {
        int ms = (int) timeout.toMillis();
        return HttpClients.custom().setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections)
                .disableAutomaticRetries().disableCookieManagement().setConnectionTimeToLive(60, TimeUnit.SECONDS)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(Math.min(ms, 10_000))
                        .setConnectionRequestTimeout(ms).setSocketTimeout(ms).build())
                .build();
    }

    public URI baseUrl() {
        return URI.create(base);
    }

    /** Retries made so far (all calls). */
    public long retryCount() {
        return retries.sum();
    }

    /** Told (one line, no secret) about every retry, e.g. to print it. */
    public void onRetry(Consumer<String> listener) {
        retryListener = listener == null ? s -> {
        } : listener;
    }

    // --- PostgREST -------------------------------------------------------------------------------------------------

    /**
     * {@code INSERT ... ON CONFLICT (onConflict) DO UPDATE} of every column sent; idempotent, so safe to retry. Columns
     * are the union of the rows' keys; a row without one of them gets the column default.
     *
     * @return 201 when any row was inserted, 200 when all were merged
     */
    public int upsert(String table, String onConflict, List<ObjectNode> rows) {
        if (rows.isEmpty()) {
            return 200;
        }
        Set<String> columns = new LinkedHashSet<>();
        for (ObjectNode r : rows) {
            r.fieldNames().forEachRemaining(columns::add);
        }
        StringBuilder q = new StringBuilder();
        if (onConflict != null && !onConflict.isBlank()) {
            q.append("on_conflict=").append(enc(onConflict).replace("%2C", ","));
        }
        StringBuilder cols = new StringBuilder();
        for (String c : columns) {
            if (cols.length() > 0) {
                cols.append(',');
            }
            cols.append('"').append(c).append('"');
        }
        q.append(q.length() > 0 ? "&" : "").append("columns=").append(enc(cols.toString()).replace("%2C", ","));
        byte[] body = bytes(rows);
        Result r = send("POST", "/rest/v1/" + table, q.toString(), body,
                "resolution=merge-duplicates,return=minimal,missing=default");
        return r.status;
    }

    /**
     * {@code GET /rest/v1/
     *
    <table>
     * ?<query>}; {@code query} is PostgREST syntax, already encoded.
     */
    public ArrayNode select(String table, String query) {
        Result r = send("GET", "/rest/v1/" + table, query, null, null);
        JsonNode n = r.json();
        if (!(n instanceof ArrayNode a)) {
            throw new SupabaseException(call("GET", "/rest/v1/" + table, query), r.status, null,
                    "expected a JSON array", null, null, null);
        }
        return a;
    }

    /**
     * Reads every row matching {@code query} in pages of {@code pageSize} (hosted projects cap a GET at 1000 rows),
     * ordered by {@code order} so pages do not overlap.
     */
    public void selectAll(String table, String query, String order, int pageSize, Consumer<ArrayNode> page) {
        int offset = 0;
        while (true) {
            String q = (query == null || query.isEmpty() ? "" : query + "&") + "order=" + enc(order) + "&limit="
                    + pageSize + "&offset=" + offset;
            ArrayNode rows = select(table, q);
            if (!rows.isEmpty()) {
                page.accept(rows);
            }
            if (rows.size() < pageSize) {
                return;
            }
            offset += rows.size();
        }
    }

    /** Exact row count, by a {@code HEAD} with {@code Prefer: count=exact}. */
    public long count(String table, String query) {
        Result r = send("HEAD", "/rest/v1/" + table, query, null, "count=exact");
        String range = r.header("Content-Range");
        if (range == null || range.indexOf('/') < 0) {
            throw new SupabaseException(call("HEAD", "/rest/v1/" + table, query), r.status, null,
                    "no Content-Range with a count in the answer", null, null, null);
        }
        String total = range.substring(range.indexOf('/') + 1).trim();
        try {
            return Long.parseLong(total);
        } catch (NumberFormatException e) {
            throw new SupabaseException(call("HEAD", "/rest/v1/" + table, query), r.status, null,
                    "unreadable Content-Range '" + range + "'", null, null, null);
        }
    }

    /** Deletes the rows matching {@code query}, which must filter (an unfiltered delete is refused here too). */
    public void delete(String table, String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("refusing to delete every row of " + table + ": give a filter");
        }
        send("DELETE", "/rest/v1/" + table, query, null, "return=minimal");
    }

    public void patch(String table, String query, ObjectNode values) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("refusing to update every row of " + table + ": give a filter");
        }
        send("PATCH", "/rest/v1/" + table, query, bytes(values), "return=minimal");
    }

    // --- GoTrue admin ----------------------------------------------------------------------------------------------

    /** {@code POST /auth/v1/admin/users}; the body may choose {@code id}. */
    public ObjectNode createUser(ObjectNode user) {
        return object(send("POST", "/auth/v1/admin/users", null, bytes(user), null));
    }

    /** The user, or empty on 404. */
    public Optional<ObjectNode> getUser(String id) {
        try {
            return Optional.of(object(send("GET", "/auth/v1/admin/users/" + enc(id), null, null, null)));
        } catch (SupabaseException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code PUT /auth/v1/admin/users/{id}}; metadata objects are merged by the server. */
    public ObjectNode updateUser(String id, ObjectNode changes) {
        return object(send("PUT", "/auth/v1/admin/users/" + enc(id), null, bytes(changes), null));
    }

    /** @return false when there was no such user */
    public boolean deleteUser(String id) {
        try {
            send("DELETE", "/auth/v1/admin/users/" + enc(id), null, null, null);
            return true;
        } catch (SupabaseException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** One page of users (pages from 1). */
    public ArrayNode listUsers(int page, int perPage) {
        JsonNode n = send("GET", "/auth/v1/admin/users", "page=" + page + "&per_page=" + perPage, null, null).json();
        JsonNode users = n.get("users");
        if (!(users instanceof ArrayNode a)) {
            throw new SupabaseException("GET /auth/v1/admin/users", 200, null, "no users array in the answer", null,
                    null, null);
        }
        return a;
    }

    // --- transport -------------------------------------------------------------------------------------------------

    private static ObjectNode object(Result r) {
        JsonNode n = r.json();
        if (n instanceof ObjectNode o) {
            return o;
        }
        return JSON.createObjectNode();
    }

    private Result send(String method, String path, String query, byte[] body, String prefer) {
        String url = base + path + (query == null || query.isEmpty() ? "" : "?" + query);
        String call = call(method, path, query);
        for (int attempt = 1;; attempt++) {
            RequestBuilder rb = RequestBuilder.create(method).setUri(url);
            SupabaseKeyHeaders.of(key).forEach(rb::addHeader);
            rb.addHeader("Accept", "application/json");
            rb.addHeader("X-Supabase-Api-Version", "2024-01-01");
            if (prefer != null) {
                rb.addHeader("Prefer", prefer);
            }
            if (body != null) {
                rb.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            }
            HttpUriRequest req = rb.build();
            String retryAfter = null;
            SupabaseException failure;
            try (CloseableHttpResponse resp = http.execute(req)) {
                int status = resp.getStatusLine().getStatusCode();
                byte[] bytes = resp.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(resp.getEntity());
                if (status < 300) {
                    return new Result(status, bytes, resp);
                }
                failure = error(call, status, bytes);
                if (!RetryPolicy.isRetryableStatus(status)) {
                    throw failure;
                }
                Header h = resp.getFirstHeader("Retry-After");
                retryAfter = h == null ? null : h.getValue();
            } catch (SupabaseException e) {
                throw e;
            } catch (UnknownHostException e) {
                throw network(call, "unknown host " + URI.create(base).getHost(), e);
            } catch (HttpHostConnectException | ConnectTimeoutException e) {
                throw network(call, "cannot connect to " + hostPort() + ": " + rootMessage(e), e);
            } catch (ConnectException e) {
                throw network(call, "cannot connect to " + hostPort() + ": " + rootMessage(e), e);
            } catch (SSLException e) {
                throw network(call, "TLS failure with " + hostPort() + ": " + rootMessage(e), e);
            } catch (InterruptedIOException e) {
                failure = network(call, "no answer from " + hostPort() + " in time: " + rootMessage(e), e);
            } catch (IOException e) {
                failure = network(call, "connection to " + hostPort() + " failed: " + rootMessage(e), e);
            }
            if (attempt >= retry.maxAttempts()) {
                throw failure;
            }
            Duration wait = retry.delay(attempt, retryAfter);
            retries.increment();
            retryListener.accept(failure.getMessage() + " - retry " + attempt + " of " + (retry.maxAttempts() - 1)
                    + " in " + wait.toMillis() + " ms");
            try {
                retry.sleep(wait);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private String hostPort() {
        URI u = URI.create(base);
        return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private SupabaseException network(String call, String message, Throwable cause) {
        return new SupabaseException(call, 0, "network", redactor.redact(message), null, null, cause);
    }

    private SupabaseException error(String call, int status, byte[] body) {
        String code = null;
        String message = null;
        String details = null;
        String hint = null;
        try {
            JsonNode n = body.length == 0 ? null : JSON.readTree(body);
            if (n instanceof ObjectNode o) {
                code = text(o, "code");
                if (o.hasNonNull("error_code")) {
                    code = text(o, "error_code");
                }
                message = firstText(o, "message", "msg", "error_description", "error");
                details = text(o, "details");
                hint = text(o, "hint");
            }
        } catch (IOException e) {
            // not JSON (a proxy's HTML page): fall back to the start of the body
        }
        if (message == null) {
            String s = new String(body, StandardCharsets.UTF_8).strip();
            message = s.isEmpty() ? reason(status) : (s.length() > 200 ? s.substring(0, 200) + "..." : s);
        }
        return new SupabaseException(call, status, code, redactor.redact(SupabaseException.oneLine(message)),
                details == null ? null : redactor.redact(SupabaseException.oneLine(details)),
                hint == null ? null : redactor.redact(hint), null);
    }

    private static String reason(int status) {
        return switch (status) {
        case 401 -> "unauthorized";
        case 403 -> "forbidden";
        case 404 -> "not found";
        case 429 -> "too many requests";
        case 500 -> "internal server error";
        case 502 -> "bad gateway";
        case 503 -> "service unavailable";
        case 504 -> "gateway timeout";
        default -> "HTTP error";
        };
    }

    private static String firstText(ObjectNode o, String... fields) {
        for (String f : fields) {
            String t = text(o, f);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String call(String method, String path, String query) {
        String c = method + " " + path;
        if (query != null && !query.isEmpty() && !method.equals("POST")) {
            String q = java.net.URLDecoder.decode(query, StandardCharsets.UTF_8);
            c += "?" + (q.length() > MAX_CALL_CHARS ? q.substring(0, MAX_CALL_CHARS) + "..." : q);
        }
        return c;
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request body", e);
        }
    }

    /** URL-encodes a query value (PostgREST reads {@code %22} as a quote and {@code %2C} as a comma). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A PostgREST {@code in.(...)} filter value for the given values, quoting each (values with {@code , . : ( )} must
     * be quoted) and URL-encoded.
     */
    public static String inList(Iterable<String> values) {
        StringBuilder sb = new StringBuilder("in.(");
        Iterator<String> it = values.iterator();
        while (it.hasNext()) {
            sb.append('"').append(it.next().replace("\"", "\\\"")).append('"');
            if (it.hasNext()) {
                sb.append(',');
            }
        }
        return enc(sb.append(')').toString());
    }

    private static final class Result {
        final int status;
        final byte[] body;
        final List<Header> headers;

        Result(int status, byte[] body, HttpResponse resp) {
            this.status = status;
            this.body = body;
            this.headers = new ArrayList<>(List.of(resp.getAllHeaders()));
        }

        String header(String name) {
            for (Header h : headers) {
                if (h.getName().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        JsonNode json() {
            if (body.length == 0) {
                return JSON.nullNode();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new SupabaseException("response", status, null,
                        "answer is not JSON: " + SupabaseException.oneLine(String.valueOf(e.getMessage())), null, null,
                        e);
            }
        }
    }
}

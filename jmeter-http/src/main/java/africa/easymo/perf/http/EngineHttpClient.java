package africa.easymo.perf.http;

import africa.easymo.perf.core.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.http.ConnectionReuseStrategy;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.HttpStatus;
import org.apache.http.HttpVersion;
import org.apache.http.StatusLine;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.DefaultConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultConnectionKeepAliveStrategy;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHttpEntityEnclosingRequest;
import org.apache.http.message.BasicHttpRequest;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HTTP;
import org.apache.http.protocol.HttpContext;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * The one HTTP client of an engine: pooled keep-alive connections shared by every sampler thread (a thread group that
 * starts a thread per arrival still reuses connections), no retries, redirects, cookies or decompression (what is
 * measured is what went over the wire).
 *
 * <p>
 * A sample's request goes straight onto a connection of the {@link LockFreeConnectionPool} at HttpCore level: the
 * samplers need none of what HttpClient's execution chain adds (interceptors, auth, route planning, retries), and on a
 * saturated load machine that chain and the pool lock were the largest costs of a sample after the network itself.
 * {@link #apacheClient()} shares the same connections for the occasional REST call of a reconciliation.
 *
 * <p>
 * {@link #execute(HttpRequestSpec)} returns an {@link HTTPSampleResult} filled the way JMeter's HTTP Request sampler
 * fills it — URL, method, request headers and body (redacted), response code, message, headers and body, connect time,
 * latency (time to response headers), bytes sent and received — so View Results Tree, the JTL and the HTML dashboard
 * treat it like any HTTP sample. Success is preset to "2xx/3xx"; samplers set label and verdict.
 */
public final class EngineHttpClient implements Closeable {
    private static final String USER_AGENT = "easymo-perf-jmeter/1";
    private static final int MAX_CACHED_ENDPOINTS = 64;
    private static final ConnectionReuseStrategy REUSE = DefaultConnectionReuseStrategy.INSTANCE;
    private static final ConnectionKeepAliveStrategy KEEP_ALIVE = DefaultConnectionKeepAliveStrategy.INSTANCE;
    /** Read-only: the reuse and keep-alive strategies only look up the request, which they do not need here. */
    private static final HttpContext NO_CONTEXT = new BasicHttpContext();

    private final LockFreeConnectionPool pool;
    private final CloseableHttpClient client;
    private final Supplier<Redactor> redactor;
    private final LongAdder connectionsOpened = new LongAdder();
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    private final Map<URI, Endpoint> endpoints = new ConcurrentHashMap<>();

    /**
     * @param maxConnections
     *            most connections leased at once: at least the plan's concurrency cap
     * @param redactor
     *            the engine's current redactor (read per sample: it changes when the summary loads)
     */
    public EngineHttpClient(Duration connectTimeout, Duration responseTimeout, int maxConnections,
            Supplier<Redactor> redactor) {
        this.redactor = redactor;
        this.connectTimeoutMillis = millis(connectTimeout);
        this.responseTimeoutMillis = millis(responseTimeout);
        this.pool = new LockFreeConnectionPool(RegistryBuilder.<ConnectionSocketFactory> create()
                .register("http",
                        new ConnectTimingSocketFactory(PlainConnectionSocketFactory.getSocketFactory(),
                                connectionsOpened))
                .register("https", new ConnectTimingSocketFactory(SSLConnectionSocketFactory.getSocketFactory(),
                        connectionsOpened))
                .build(), maxConnections, 2000);
        RequestConfig rc = RequestConfig.custom().setConnectTimeout(connectTimeoutMillis)
                .setSocketTimeout(responseTimeoutMillis).setConnectionRequestTimeout(responseTimeoutMillis)
                .setRedirectsEnabled(false).setContentCompressionEnabled(false).build();
        this.client = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(rc)
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableContentCompression().setUserAgent(USER_AGENT).build();
    }

    /** The underlying client, for code that speaks Apache HttpClient itself (shares the pool; do not close it). */
    public CloseableHttpClient apacheClient() {
        return client;
    }

    /** Sends the request on this thread and returns the filled sample result; never throws for I/O failures. */
    public HTTPSampleResult execute(HttpRequestSpec spec) {
        return execute(spec, new HTTPSampleResult());
    }

    /**
     * As {@link #execute(HttpRequestSpec)}, filling a fresh result the caller made: a sampler whose result carries more
     * than HTTP (its own subclass) still gets it filled the one way.
     */
    public <R extends HTTPSampleResult> R execute(HttpRequestSpec spec, R res) {
        Redactor r = redactor.get();
        res.setSampleLabel(spec.uri().toString());
        res.setHTTPMethod(spec.method());
        Endpoint ep;
        try {
            ep = endpoint(spec.uri());
        } catch (MalformedURLException | IllegalArgumentException e) {
            return failedBeforeSend(res, e, r);
        }
        res.setURL(ep.url());
        res.setRequestHeaders(r.redact(requestHeaders(spec)));
        if (spec.hasBody()) {
            res.setQueryString(r.redact(spec.bodyText()));
        }
        res.setDataType(SampleResult.TEXT);
        HttpRequest request = request(spec, ep);

        res.sampleStart();
        PooledConnection conn = null;
        long sentBefore = 0;
        boolean reusable = false;
        long keepAliveMillis = -1;
        try {
            conn = pool.lease(ep.route(), responseTimeoutMillis, TimeUnit.MILLISECONDS);
            if (!conn.isOpen()) {
                SampleContext ctx = new SampleContext(res);
                pool.connect(conn, ep.route(), connectTimeoutMillis, ctx);
                pool.routeComplete(conn, ep.route(), ctx);
            }
            conn.setSocketTimeout(responseTimeoutMillis);
            sentBefore = conn.getMetrics().getSentBytesCount();
            conn.sendRequestHeader(request);
            if (request instanceof HttpEntityEnclosingRequest withBody) {
                conn.sendRequestEntity(withBody);
            }
            conn.flush();
            HttpResponse resp = conn.receiveResponseHeader();
            while (resp.getStatusLine().getStatusCode() < HttpStatus.SC_OK) {
                resp = conn.receiveResponseHeader(); // 1xx: informational, the answer follows
            }
            res.latencyEnd();
            StatusLine sl = resp.getStatusLine();
            if (canHaveBody(spec.method(), sl.getStatusCode())) {
                conn.receiveResponseEntity(resp);
            }
            String headers = responseHeaders(sl, resp.getAllHeaders());
            byte[] body = readBody(resp.getEntity());
            res.sampleEnd();
            reusable = keepAlive(resp);
            keepAliveMillis = resp.containsHeader(HTTP.CONN_KEEP_ALIVE)
                    ? KEEP_ALIVE.getKeepAliveDuration(resp, NO_CONTEXT) : -1;
            res.setResponseCode(Integer.toString(sl.getStatusCode()));
            res.setResponseMessage(sl.getReasonPhrase() == null ? "" : sl.getReasonPhrase());
            res.setResponseHeaders(r.redact(headers));
            res.setResponseData(body);
            Header ct = resp.getFirstHeader("Content-Type");
            if (ct != null) {
                res.setContentType(ct.getValue());
                res.setEncodingAndType(ct.getValue());
            }
            res.setSuccessful(sl.getStatusCode() >= 200 && sl.getStatusCode() < 400);
            int headerBytes = wireSize(headers);
            res.setHeadersSize(headerBytes);
            res.setBodySize((long) body.length);
            res.setBytes((long) headerBytes + body.length);
            res.setSentBytes(conn.getMetrics().getSentBytesCount() - sentBefore);
        } catch (IOException | HttpException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (res.getEndTime() == 0) {
                res.sampleEnd();
            }
            if (res.getLatency() == 0) {
                res.setLatency(res.getTime());
            }
            if (conn != null && conn.isOpen()) {
                res.setSentBytes(Math.max(0, conn.getMetrics().getSentBytesCount() - sentBefore));
            }
            reusable = false;
            fillError(res, e, r);
        } finally {
            if (conn != null) {
                if (!reusable) {
                    shutdownQuietly(conn);
                }
                pool.releaseConnection(conn, null, keepAliveMillis, TimeUnit.MILLISECONDS);
            }
        }
        return res;
    }

    /** Closes pooled connections idle for at least that long (between runs; connections come back on demand). */
    public void closeIdle(Duration idle) {
        pool.closeExpiredConnections();
        pool.closeIdleConnections(idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** TCP connections opened since the client was built: far below the sample count when keep-alive works. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connections the pool holds now (leased + idle), for tests and evidence. */
    public int openConnections() {
        return pool.openConnections();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing to save: the engine is shutting the client down
        }
    }

    private static <R extends HTTPSampleResult> R failedBeforeSend(R res, Exception e, Redactor r) {
        res.sampleStart();
        res.sampleEnd();
        fillError(res, e, r);
        return res;
    }

    private static void fillError(HTTPSampleResult res, Exception e, Redactor r) {
        // Same wording as JMeter's HTTP sampler, so dashboards group these errors as usual.
        res.setResponseCode("Non HTTP response code: " + e.getClass().getName());
        res.setResponseMessage("Non HTTP response message: " + r.redact(String.valueOf(e.getMessage())));
        res.setResponseData(r.redact(e.toString()), "UTF-8");
        res.setSuccessful(false);
    }

    /**
     * What a URI resolves to, kept so that a sampler posting to the same endpoint all run long does not parse it into a
     * URL, a host and a route on every sample. Bounded: document URLs (one per voucher) are resolved afresh.
     */
    private Endpoint endpoint(URI uri) throws MalformedURLException {
        Endpoint ep = endpoints.get(uri);
        if (ep == null) {
            ep = Endpoint.of(uri);
            if (endpoints.size() < MAX_CACHED_ENDPOINTS) {
                endpoints.put(uri, ep);
            }
        }
        return ep;
    }

    private record Endpoint(URL url, HttpRoute route, String target, String hostHeader) {
        static Endpoint of(URI uri) throws MalformedURLException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                throw new MalformedURLException("not an http(s) URL with a host: " + uri);
            }
            URL url = uri.toURL();
            boolean secure = "https".equals(scheme);
            int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
            HttpRoute route = new HttpRoute(new HttpHost(uri.getHost(), port, scheme), null, secure);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            String host = uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
            return new Endpoint(url, route, target, host);
        }
    }

    private static HttpRequest request(HttpRequestSpec spec, Endpoint ep) {
        HttpRequest req;
        if (spec.hasBody()) {
            BasicHttpEntityEnclosingRequest withBody = new BasicHttpEntityEnclosingRequest(spec.method(), ep.target(),
                    HttpVersion.HTTP_1_1);
            ByteArrayEntity entity = new ByteArrayEntity(spec.bodyBytes(),
                    spec.contentType() == null ? null : ContentType.create(spec.contentType(), "UTF-8"));
            withBody.setEntity(entity);
            withBody.addHeader(HTTP.CONTENT_LEN, Long.toString(entity.getContentLength()));
            if (entity.getContentType() != null) {
                withBody.addHeader(entity.getContentType());
            }
            req = withBody;
        } else {
            req = new BasicHttpRequest(spec.method(), ep.target(), HttpVersion.HTTP_1_1);
        }
        req.addHeader(HTTP.TARGET_HOST, ep.hostHeader());
        for (HttpRequestSpec.Header h : spec.headers()) {
            req.addHeader(h.name(), h.value());
        }
        req.addHeader(HTTP.USER_AGENT, USER_AGENT);
        return req;
    }

    /**
     * The common HTTP/1.1 answer is settled from two headers; anything else (HTTP/1.0, a close token among others) goes
     * to HttpCore's full rules. What it decides per sample showed in the bench profile.
     */
    private static boolean keepAlive(HttpResponse resp) {
        if (!HttpVersion.HTTP_1_1.equals(resp.getStatusLine().getProtocolVersion())
                || resp.getHeaders(HTTP.CONN_DIRECTIVE).length > 0 || resp.getHeaders(HTTP.CONTENT_LEN).length > 1) {
            return REUSE.keepAlive(resp, NO_CONTEXT);
        }
        HttpEntity entity = resp.getEntity();
        return entity == null || entity.getContentLength() >= 0 || entity.isChunked();
    }

    private static boolean canHaveBody(String method, int status) {
        return !"HEAD".equals(method) && status != HttpStatus.SC_NO_CONTENT && status != HttpStatus.SC_NOT_MODIFIED;
    }

    private static void shutdownQuietly(PooledConnection conn) {
        try {
            conn.shutdown();
        } catch (IOException e) {
            // the connection is being dropped either way
        }
    }

    /** Carries the sample to {@link ConnectTimingSocketFactory} when a connection is opened for it. */
    private static final class SampleContext extends BasicHttpContext {
        SampleContext(HTTPSampleResult res) {
            setAttribute(ConnectTimingSocketFactory.RESULT_ATTRIBUTE, res);
        }
    }

    private static String requestHeaders(HttpRequestSpec spec) {
        StringBuilder b = new StringBuilder(128);
        for (HttpRequestSpec.Header h : spec.headers()) {
            b.append(h.name()).append(": ").append(h.value()).append('\n');
        }
        if (spec.hasBody() && spec.contentType() != null) {
            b.append("Content-Type: ").append(spec.contentType()).append('\n');
        }
        b.append("User-Agent: ").append(USER_AGENT).append('\n');
        return b.toString();
    }

    private static String responseHeaders(StatusLine sl, Header[] headers) {
        StringBuilder b = new StringBuilder(256);
        b.append(sl.getProtocolVersion()).append(' ').append(sl.getStatusCode());
        if (sl.getReasonPhrase() != null && !sl.getReasonPhrase().isEmpty()) {
            b.append(' ').append(sl.getReasonPhrase());
        }
        b.append('\n');
        for (Header h : headers) {
            b.append(h.getName()).append(": ").append(h.getValue()).append('\n');
        }
        return b.toString();
    }

    /** Bytes of the header block on the wire: CRLF line ends and the blank line that ends it. */
    private static int wireSize(String headers) {
        int lines = 0;
        for (int i = 0; i < headers.length(); i++) {
            if (headers.charAt(i) == '\n') {
                lines++;
            }
        }
        return headers.length() + lines + 2;
    }

    private static byte[] readBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long len = entity.getContentLength();
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(len > 0 && len < 1 << 20 ? (int) len : 1024);
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
    }

}

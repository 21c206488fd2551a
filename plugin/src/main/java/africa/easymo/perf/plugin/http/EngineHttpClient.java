package africa.easymo.perf.plugin.http;

import africa.easymo.perf.lib.config.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.StatusLine;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * The one HTTP client of an engine: pooled keep-alive connections shared by every sampler thread (a thread group that
 * starts a thread per arrival still reuses connections), no retries, redirects, cookies or decompression (what is
 * measured is what went over the wire).
 *
 * <p>
 * {@link #execute(HttpRequestSpec)} returns an {@link HTTPSampleResult} filled the way JMeter's HTTP Request sampler
 * fills it — URL, method, request headers and body (redacted), response code, message, headers and body, connect time,
 * latency (time to response headers), bytes sent and received — so View Results Tree, the JTL and the HTML dashboard
 * treat it like any HTTP sample. Success is preset to "2xx/3xx"; samplers set label and verdict.
 */
public final class EngineHttpClient implements Closeable {
    private static final String USER_AGENT = "easymo-perf-jmeter/1";

    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final Supplier<Redactor> redactor;
    private final LongAdder connectionsOpened = new LongAdder();

    /**
     * @param maxConnections
     *            pool size (total and per route): at least the plan's concurrency cap
     * @param redactor
     *            the engine's current redactor (read per sample: it changes when the summary loads)
     */
    public EngineHttpClient(Duration connectTimeout, Duration responseTimeout, int maxConnections,
            Supplier<Redactor> redactor) {
        this.redactor = redactor;
        this.pool = new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory> create()
                .register("http",
                        new ConnectTimingSocketFactory(PlainConnectionSocketFactory.getSocketFactory(),
                                connectionsOpened))
                .register("https", new ConnectTimingSocketFactory(SSLConnectionSocketFactory.getSocketFactory(),
                        connectionsOpened))
                .build());
        int max = Math.max(1, maxConnections);
        pool.setMaxTotal(max);
        pool.setDefaultMaxPerRoute(max);
        pool.setValidateAfterInactivity(2000);
        RequestConfig rc = RequestConfig.custom().setConnectTimeout(millis(connectTimeout))
                .setSocketTimeout(millis(responseTimeout)).setConnectionRequestTimeout(millis(responseTimeout))
                .setRedirectsEnabled(false).setContentCompressionEnabled(false).build();
        this.client = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(rc)
                .setRequestExecutor(new MeasuringRequestExecutor()).disableAutomaticRetries().disableRedirectHandling()
                .disableCookieManagement().disableContentCompression().setUserAgent(USER_AGENT).build();
    }

    /** The underlying client, for lib's {@code SupabaseClient} (shares the pool; do not close it). */
    public CloseableHttpClient apacheClient() {
        return client;
    }

    /** Sends the request on this thread and returns the filled sample result; never throws for I/O failures. */
    public HTTPSampleResult execute(HttpRequestSpec spec) {
        Redactor r = redactor.get();
        HTTPSampleResult res = new HTTPSampleResult();
        res.setSampleLabel(spec.uri().toString());
        res.setHTTPMethod(spec.method());
        try {
            res.setURL(spec.uri().toURL());
        } catch (MalformedURLException | IllegalArgumentException e) {
            return failedBeforeSend(res, e, r);
        }
        res.setRequestHeaders(r.redact(requestHeaders(spec)));
        if (spec.hasBody()) {
            res.setQueryString(r.redact(spec.bodyText()));
        }
        res.setDataType(SampleResult.TEXT);

        RequestBuilder b = RequestBuilder.create(spec.method()).setUri(spec.uri());
        for (HttpRequestSpec.Header h : spec.headers()) {
            b.addHeader(h.name(), h.value());
        }
        if (spec.hasBody()) {
            b.setEntity(new ByteArrayEntity(spec.bodyBytes(),
                    spec.contentType() == null ? null : ContentType.create(spec.contentType(), "UTF-8")));
        }
        HttpClientContext ctx = HttpClientContext.create();
        ctx.setAttribute(ConnectTimingSocketFactory.RESULT_ATTRIBUTE, res);
        res.sampleStart();
        try (CloseableHttpResponse resp = client.execute(b.build(), ctx)) {
            res.latencyEnd();
            StatusLine sl = resp.getStatusLine();
            String headers = responseHeaders(sl, resp.getAllHeaders());
            byte[] body = readBody(resp.getEntity());
            res.sampleEnd();
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
            res.setSentBytes(sentBytes(ctx));
        } catch (IOException | RuntimeException e) {
            if (res.getEndTime() == 0) {
                res.sampleEnd();
            }
            if (res.getLatency() == 0) {
                res.setLatency(res.getTime());
            }
            res.setSentBytes(sentBytes(ctx));
            fillError(res, e, r);
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
        return pool.getTotalStats().getLeased() + pool.getTotalStats().getAvailable();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing to save: the engine is shutting the client down
        }
    }

    private static HTTPSampleResult failedBeforeSend(HTTPSampleResult res, Exception e, Redactor r) {
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

    private static long sentBytes(HttpClientContext ctx) {
        Object v = ctx.getAttribute(MeasuringRequestExecutor.SENT_BYTES_ATTRIBUTE);
        return v instanceof Long l ? l : 0L;
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

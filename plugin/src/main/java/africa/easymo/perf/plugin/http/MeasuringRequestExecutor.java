package africa.easymo.perf.plugin.http;

import java.io.IOException;

import org.apache.http.HttpClientConnection;
import org.apache.http.HttpConnectionMetrics;
import org.apache.http.HttpException;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpRequestExecutor;

/**
 * Counts the bytes a request put on the wire (request line, headers, body) from the connection's own metrics while this
 * thread holds the connection, so the count is exact even on a shared keep-alive connection.
 */
final class MeasuringRequestExecutor extends HttpRequestExecutor {
    static final String SENT_BYTES_ATTRIBUTE = "easymo.perf.sentBytes";

    @Override
    protected HttpResponse doSendRequest(HttpRequest request, HttpClientConnection conn, HttpContext context)
            throws IOException, HttpException {
        HttpConnectionMetrics m = conn.getMetrics();
        long before = m.getSentBytesCount();
        HttpResponse r = super.doSendRequest(request, conn, context);
        context.setAttribute(SENT_BYTES_ATTRIBUTE, m.getSentBytesCount() - before);
        return r;
    }
}

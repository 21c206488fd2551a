package africa.easymo.perf.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

import org.apache.http.HttpHost;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Marks the sample's connect end when the pool opens a new connection (TCP, and TLS for https), the way JMeter's own
 * HTTP sampler measures "Connect": a reused keep-alive connection leaves it at 0.
 */
final class ConnectTimingSocketFactory implements LayeredConnectionSocketFactory {
    static final String RESULT_ATTRIBUTE = "easymo.perf.sampleResult";

    private final ConnectionSocketFactory delegate;
    private final LongAdder opened;

    ConnectTimingSocketFactory(ConnectionSocketFactory delegate, LongAdder opened) {
        this.delegate = delegate;
        this.opened = opened;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return delegate.createSocket(context);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket sock, HttpHost host, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress, HttpContext context) throws IOException {
        Socket s = delegate.connectSocket(connectTimeout, sock, host, remoteAddress, localAddress, context);
        opened.increment();
        if (context != null && context.getAttribute(RESULT_ATTRIBUTE) instanceof SampleResult r) {
            r.connectEnd();
        }
        return s;
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
        if (delegate instanceof LayeredConnectionSocketFactory l) {
            return l.createLayeredSocket(socket, target, port, context);
        }
        throw new IOException("no TLS layering for " + target + ":" + port);
    }
}

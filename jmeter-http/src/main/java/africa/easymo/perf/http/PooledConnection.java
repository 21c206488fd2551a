package africa.easymo.perf.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSession;

import org.apache.http.HttpConnectionMetrics;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;

/**
 * A connection of the {@link LockFreeConnectionPool} with what the pool needs to know about it: its route, when it was
 * last returned and until when the server keeps it alive. Everything else is the wrapped connection's.
 */
final class PooledConnection implements ManagedHttpClientConnection {
    final ManagedHttpClientConnection delegate;
    final HttpRoute route;
    volatile boolean routeComplete;
    volatile long releasedAt;
    volatile long expiresAt = Long.MAX_VALUE;

    PooledConnection(ManagedHttpClientConnection delegate, HttpRoute route) {
        this.delegate = delegate;
        this.route = route;
    }

    @Override
    public String getId() {
        return delegate.getId();
    }

    @Override
    public void bind(Socket socket) throws IOException {
        delegate.bind(socket);
    }

    @Override
    public Socket getSocket() {
        return delegate.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
    }

    @Override
    public boolean isResponseAvailable(int timeout) throws IOException {
        return delegate.isResponseAvailable(timeout);
    }

    @Override
    public void sendRequestHeader(HttpRequest request) throws HttpException, IOException {
        delegate.sendRequestHeader(request);
    }

    @Override
    public void sendRequestEntity(HttpEntityEnclosingRequest request) throws HttpException, IOException {
        delegate.sendRequestEntity(request);
    }

    @Override
    public HttpResponse receiveResponseHeader() throws HttpException, IOException {
        return delegate.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(HttpResponse response) throws HttpException, IOException {
        delegate.receiveResponseEntity(response);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public boolean isStale() {
        return delegate.isStale();
    }

    @Override
    public void setSocketTimeout(int timeout) {
        delegate.setSocketTimeout(timeout);
    }

    @Override
    public int getSocketTimeout() {
        return delegate.getSocketTimeout();
    }

    @Override
    public void shutdown() throws IOException {
        delegate.shutdown();
    }

    @Override
    public HttpConnectionMetrics getMetrics() {
        return delegate.getMetrics();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public int getRemotePort() {
        return delegate.getRemotePort();
    }
}

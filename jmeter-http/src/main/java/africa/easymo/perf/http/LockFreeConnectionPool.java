package africa.easymo.perf.http;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.http.HttpClientConnection;
import org.apache.http.HttpHost;
import org.apache.http.config.Lookup;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.HttpClientConnectionManager;
import org.apache.http.conn.HttpClientConnectionOperator;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.impl.conn.DefaultHttpClientConnectionOperator;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.ManagedHttpClientConnectionFactory;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.protocol.HttpContext;

/**
 * The engine's keep-alive connections, leased and returned without a lock. HttpClient's own pooling manager guards
 * every lease and every release with one pool-wide lock: with dozens of sampler threads on a core, a thread that is
 * descheduled while holding it parks all the others, and the generator measures its own queueing (seen in the bench as
 * thousands of 10 ms+ parks in {@code AbstractConnPool.release}). Here idle connections wait in a lock-free stack per
 * route (the most recently used first, so a small load keeps few connections warm), and the cap on connections is a
 * semaphore whose permit is taken with one CAS while any is free.
 *
 * <p>
 * What the pooling manager does that matters here is kept: at most {@code maxConnections} leased at once, a connection
 * idle longer than {@code validateAfterInactivityMillis} is checked for staleness before reuse, the server's keep-alive
 * duration is honoured, and idle connections can be closed. Connection state (NTLM, TLS client principals) is not
 * tracked: the samplers send no per-user credentials at connection level.
 */
final class LockFreeConnectionPool implements HttpClientConnectionManager {
    private final HttpClientConnectionOperator operator;
    private final Semaphore permits;
    private final int maxConnections;
    private final long validateAfterInactivityMillis;
    private final Map<HttpRoute, ConcurrentLinkedDeque<PooledConnection>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger leased = new AtomicInteger();
    private volatile boolean shutDown;

    LockFreeConnectionPool(Lookup<ConnectionSocketFactory> sockets, int maxConnections,
            long validateAfterInactivityMillis) {
        this.operator = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE,
                SystemDefaultDnsResolver.INSTANCE);
        this.maxConnections = Math.max(1, maxConnections);
        this.permits = new Semaphore(this.maxConnections);
        this.validateAfterInactivityMillis = validateAfterInactivityMillis;
    }

    @Override
    public ConnectionRequest requestConnection(HttpRoute route, Object state) {
        return new ConnectionRequest() {
            @Override
            public HttpClientConnection get(long timeout, TimeUnit unit)
                    throws InterruptedException, ConnectionPoolTimeoutException {
                return lease(route, timeout, unit);
            }

            @Override
            public boolean cancel() {
                return false;
            }
        };
    }

    PooledConnection lease(HttpRoute route, long timeout, TimeUnit unit)
            throws InterruptedException, ConnectionPoolTimeoutException {
        if (shutDown) {
            throw new IllegalStateException("connection pool shut down");
        }
        if (!permits.tryAcquire() && !permits.tryAcquire(timeout <= 0 ? Long.MAX_VALUE : timeout, unit)) {
            throw new ConnectionPoolTimeoutException("no connection free within " + unit.toMillis(timeout) + " ms: all "
                    + maxConnections + " are in use");
        }
        leased.incrementAndGet();
        try {
            return idleOrNew(route);
        } catch (RuntimeException e) {
            // the permit and the lease count go back, or the pool would shrink by one for the rest of the run
            leased.decrementAndGet();
            permits.release();
            throw e;
        }
    }

    private PooledConnection idleOrNew(HttpRoute route) {
        long now = System.currentTimeMillis();
        ConcurrentLinkedDeque<PooledConnection> stack = idle.get(route);
        PooledConnection c;
        while (stack != null && (c = stack.pollFirst()) != null) {
            if (usable(c, now)) {
                return c;
            }
            discard(c);
        }
        if (open.get() >= maxConnections) {
            // Idle connections of another route hold the sockets this lease needs: close the oldest one found.
            evictOneIdle();
        }
        open.incrementAndGet();
        return new PooledConnection(ManagedHttpClientConnectionFactory.INSTANCE.create(route, null), route);
    }

    private boolean usable(PooledConnection c, long now) {
        if (!c.isOpen() || now >= c.expiresAt) {
            return false;
        }
        return now - c.releasedAt <= validateAfterInactivityMillis || !c.isStale();
    }

    @Override
    public void releaseConnection(HttpClientConnection conn, Object newState, long validDuration, TimeUnit unit) {
        PooledConnection c = (PooledConnection) conn;
        leased.decrementAndGet();
        try {
            if (shutDown || !c.isOpen() || !c.routeComplete) {
                discard(c);
                return;
            }
            long now = System.currentTimeMillis();
            c.releasedAt = now;
            c.expiresAt = validDuration > 0 ? now + unit.toMillis(validDuration) : Long.MAX_VALUE;
            idle.computeIfAbsent(c.route, r -> new ConcurrentLinkedDeque<>()).offerFirst(c);
        } finally {
            permits.release();
        }
    }

    @Override
    public void connect(HttpClientConnection conn, HttpRoute route, int connectTimeout, HttpContext context)
            throws IOException {
        HttpHost host = route.getProxyHost() != null ? route.getProxyHost() : route.getTargetHost();
        operator.connect(((PooledConnection) conn).delegate, host, route.getLocalSocketAddress(), connectTimeout,
                SocketConfig.DEFAULT, context);
    }

    @Override
    public void upgrade(HttpClientConnection conn, HttpRoute route, HttpContext context) throws IOException {
        operator.upgrade(((PooledConnection) conn).delegate, route.getTargetHost(), context);
    }

    @Override
    public void routeComplete(HttpClientConnection conn, HttpRoute route, HttpContext context) {
        ((PooledConnection) conn).routeComplete = true;
    }

    @Override
    public void closeIdleConnections(long idleTime, TimeUnit unit) {
        long cutoff = System.currentTimeMillis() - Math.max(0, unit.toMillis(idleTime));
        closeIdleWhere(c -> c.releasedAt <= cutoff);
    }

    @Override
    public void closeExpiredConnections() {
        long now = System.currentTimeMillis();
        closeIdleWhere(c -> now >= c.expiresAt);
    }

    private void closeIdleWhere(Predicate<PooledConnection> condition) {
        for (ConcurrentLinkedDeque<PooledConnection> stack : idle.values()) {
            for (PooledConnection c : stack) {
                // Only the caller whose remove succeeds closes it: a lease may have taken it meanwhile.
                if (condition.test(c) && stack.removeFirstOccurrence(c)) {
                    discard(c);
                }
            }
        }
    }

    @Override
    public void shutdown() {
        shutDown = true;
        for (ConcurrentLinkedDeque<PooledConnection> stack : idle.values()) {
            PooledConnection c;
            while ((c = stack.pollFirst()) != null) {
                discard(c);
            }
        }
    }

    /** Connections open now, leased or idle. */
    int openConnections() {
        return open.get();
    }

    /** Connections a sampler holds now. */
    int leasedConnections() {
        return leased.get();
    }

    private void evictOneIdle() {
        PooledConnection oldest = null;
        ConcurrentLinkedDeque<PooledConnection> from = null;
        for (ConcurrentLinkedDeque<PooledConnection> stack : idle.values()) {
            PooledConnection c = stack.peekLast();
            if (c != null && (oldest == null || c.releasedAt < oldest.releasedAt)) {
                oldest = c;
                from = stack;
            }
        }
        if (oldest != null && from.removeLastOccurrence(oldest)) {
            discard(oldest);
        }
    }

    private void discard(PooledConnection c) {
        try {
            c.delegate.shutdown();
        } catch (IOException e) {
            // closing a connection nobody will use again: nothing to report
        }
        open.decrementAndGet();
    }
}

package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback between a run and the sandbox, to give the run the network faults a real target has: it
 * can stop listening (connections refused), freeze (connections accepted, nothing ever answered, as a target stopped
 * with SIGSTOP), or drop every answer after the target committed the request (lost answers).
 */
public final class LoopbackProxy implements AutoCloseable {
    /** What the proxy does with traffic from now on. */
    public enum Mode {
        FORWARD, FREEZE, DROP_ANSWERS
    }

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    private LoopbackProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "loopback-proxy-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static LoopbackProxy to(int targetPort) {
        try {
            return new LoopbackProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public void mode(Mode m) {
        mode = m;
    }

    /**
     * Stops listening and cuts every open connection: from now on every connect is refused, like a target whose process
     * died.
     */
    public void refuseConnections() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        open.forEach(LoopbackProxy::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            if (mode == Mode.FREEZE) {
                continue; // accepted and held: the client waits for an answer that never comes
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    Mode m = mode;
                    if (m == Mode.FREEZE) {
                        // hold the bytes and the connection, like a stopped process
                        while (mode == Mode.FREEZE && !closed) {
                            Thread.sleep(50);
                        }
                    }
                    if (answers && mode == Mode.DROP_ANSWERS) {
                        // the target has answered, so it has committed: the answer never reaches the client
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away: close both
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "loopback-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        mode = Mode.FORWARD;
        refuseConnections();
    }
}

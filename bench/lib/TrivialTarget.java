import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench target where nginx is not installed: an HTTP/1.1 keep-alive endpoint that answers every request with the
 * station-redeem-shaped body of bench/nginx.conf.in, and counts accepted connections and requests on
 * {@code /__bench/stub_status} in nginx's stub_status format, so bench/run reads either target the same way.
 *
 * <p>
 * Run from source (no build): {@code java bench/lib/TrivialTarget.java <port-file>}. It binds an ephemeral port on
 * 127.0.0.1 and writes the port number to the given file once it accepts connections.
 */
public final class TrivialTarget {

    private static final byte[] BODY = ("{\"status\":\"redeemed\",\"voucherId\":\"00000000-0000-0000-0000-000000000000\","
            + "\"amount\":1000.00,\"currency\":\"RWF\",\"redeemedAt\":\"2026-01-01T00:00:00Z\",\"reference\":\"bench\"}")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDEEM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.length + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 64 * 1024;
    /** Optional answer delay, to hold many requests in flight at once (bench/run --target java). */
    private static final long DELAY_MS = Long.parseLong(System.getenv().getOrDefault("BENCH_TARGET_DELAY_MS", "0"));

    private final AtomicLong accepts = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong active = new AtomicLong();

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java TrivialTarget.java <port-file>");
            System.exit(2);
        }
        new TrivialTarget().serve(Path.of(args[0]));
    }

    private void serve(Path portFile) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(server.getLocalPort()));
            Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            while (true) {
                Socket socket = server.accept();
                accepts.incrementAndGet();
                Thread worker = new Thread(() -> handle(socket), "conn-" + accepts.get());
                worker.setDaemon(true);
                worker.start();
            }
        }
    }

    private void handle(Socket socket) {
        active.incrementAndGet();
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            byte[] head = new byte[MAX_HEAD];
            while (true) {
                int len = readHead(in, head);
                if (len < 0) {
                    return;
                }
                String text = new String(head, 0, len, StandardCharsets.ISO_8859_1);
                long contentLength = contentLength(text);
                in.skipNBytes(contentLength);
                requests.incrementAndGet();
                boolean close = text.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
                if (text.startsWith("GET /__bench/stub_status")) {
                    byte[] status = stubStatus();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + status.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(status);
                } else {
                    if (DELAY_MS > 0) {
                        try {
                            Thread.sleep(DELAY_MS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    out.write(REDEEM_HEAD);
                    out.write(BODY);
                }
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to report, the connection is simply over
        } finally {
            active.decrementAndGet();
        }
    }

    private byte[] stubStatus() {
        long a = accepts.get();
        return ("Active connections: " + active.get() + " \nserver accepts handled requests\n " + a + " " + a + " "
                + requests.get() + " \nReading: 0 Writing: 1 Waiting: 0 \n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads up to and including the blank line; returns its length, or -1 at a clean end of stream. */
    private static int readHead(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            if (n == buf.length) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
            buf[n++] = (byte) b;
            if (n >= 4 && buf[n - 1] == '\n' && buf[n - 2] == '\r' && buf[n - 3] == '\n' && buf[n - 4] == '\r') {
                return n;
            }
        }
    }

    private static long contentLength(String head) {
        int i = head.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
        if (i < 0) {
            return 0;
        }
        int start = i + "\r\ncontent-length:".length();
        int end = head.indexOf('\r', start);
        return Long.parseLong(head.substring(start, end).trim());
    }
}

package africa.easymo.perf.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cheap "is anybody there" check made at test start for every endpoint a plan's samplers use: one TCP connect to
 * its host and port, nothing sent. Remembers each host:port it checked this run, so five samplers on one host cost one
 * connect.
 */
public final class EndpointProbe {
    private final Duration timeout;
    private final Map<String, Boolean> checked = new ConcurrentHashMap<>();

    public EndpointProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Connects once to the URL's host and port; empty when something answered, else the one line that names the
     * variable, host and port and why.
     */
    public Optional<String> unreachable(String variable, URI url) {
        String host = url.getHost();
        int port = port(url);
        String key = host + ":" + port;
        if (checked.containsKey(key)) {
            return Optional.empty();
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            checked.put(key, Boolean.TRUE);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(variable + " points at " + url.getScheme() + "://" + key + ", which is unreachable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}

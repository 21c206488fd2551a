package africa.easymo.perf.sandbox.http;

import africa.easymo.perf.sandbox.SandboxStats;

import org.eclipse.jetty.io.Connection;

/** Counts TCP connections as the connector opens them. */
public final class ConnectionCounter implements Connection.Listener {
    private final SandboxStats stats;

    public ConnectionCounter(SandboxStats stats) {
        this.stats = stats;
    }

    @Override
    public void onOpened(Connection connection) {
        stats.recordConnection();
    }

    @Override
    public void onClosed(Connection connection) {
        // Only openings are counted.
    }
}

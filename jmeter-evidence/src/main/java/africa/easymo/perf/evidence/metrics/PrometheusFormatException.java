package africa.easymo.perf.evidence.metrics;

/** A scrape that is not Prometheus text; the message names the line and what was wrong. */
public final class PrometheusFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public PrometheusFormatException(String message) {
        super(message);
    }
}

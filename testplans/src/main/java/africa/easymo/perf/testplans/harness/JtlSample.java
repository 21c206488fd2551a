package africa.easymo.perf.testplans.harness;

/** One row of a CSV JTL (JMeter's default save configuration). */
public record JtlSample(long timeStamp, long elapsed, String label, String responseCode, String responseMessage,
        String threadName, boolean success, String failureMessage, long bytes, long sentBytes, String url, long latency,
        long connect) {

    /** Whether the label equals {@code label} (JMeter labels are case sensitive). */
    public boolean is(String label) {
        return this.label.equals(label);
    }
}

package africa.easymo.perf.evidence.stats;

import org.apache.jmeter.samplers.SampleResult;

/** What the evidence needs from one sample, apart from JMeter's types so the arithmetic is testable on its own. */
public record SampleObservation(String label, long elapsedMs, boolean success, String responseCode, long startMs,
        long endMs) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static SampleObservation of(SampleResult r) {
        return new SampleObservation(r.getSampleLabel(), r.getTime(), r.isSuccessful(), r.getResponseCode(),
                r.getStartTime(), r.getEndTime());
    }
}

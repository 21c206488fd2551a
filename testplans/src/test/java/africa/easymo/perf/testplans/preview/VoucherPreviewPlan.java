package africa.easymo.perf.testplans.preview;

import java.nio.file.Path;
import java.util.List;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JmxElement;

/**
 * What the tests need to know about voucher-preview.jmx, read from the plan itself so a renamed label cannot make a
 * check pass vacuously, and the staged schedule the plan is meant to run.
 */
record VoucherPreviewPlan(Path file, String previewLabel, String imageLabel, String pdfLabel) {

    static final String SAMPLER = "africa.easymo.perf.journeys.preview.VoucherPreviewSampler";
    static final String THREAD_GROUP = "africa.easymo.perf.arrivals.ArrivalRateThreadGroup";
    /** Arrivals per minute at 0, 1, 3, 5 and 6 minutes (full scale). */
    static final double[] RATES = { 50, 150, 400, 500, 0 };
    /** Stage lengths as multiples of the first stage: 1 min, 2 min, 2 min, 1 min at full scale. */
    static final int[] STAGE_UNITS = { 1, 2, 2, 1 };
    /** Length of the first stage under {@code -Jperf.profile=smoke} (the whole shape takes 60 s). */
    static final int SMOKE_STAGE_SECONDS = 10;
    static final long SLO_P95_MS = 1000;
    static final double SLO_AVG_MS = 600;

    static VoucherPreviewPlan load() {
        Path file = JMeterHome.plan("voucher-preview.jmx");
        List<JmxElement> elements = JmxElement.read(file);
        JmxElement sampler = elements.stream().filter(e -> e.testClass().equals(SAMPLER) && e.enabled()).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no enabled " + SAMPLER));
        if (elements.stream().noneMatch(e -> e.testClass().equals(THREAD_GROUP) && e.enabled())) {
            throw new AssertionError(file + " has no enabled " + THREAD_GROUP);
        }
        return new VoucherPreviewPlan(file, sampler.testName(), label(sampler, "imageLabel", "preview image"),
                label(sampler, "pdfLabel", "preview pdf"));
    }

    private static String label(JmxElement sampler, String property, String dflt) {
        String v = sampler.properties().getOrDefault(property, "");
        return v.isBlank() ? dflt : v;
    }

    /** Expected arrivals in each stage when the first stage lasts {@code stageSeconds}: the area under the ramp. */
    static double[] expectedArrivals(int stageSeconds) {
        double[] expected = new double[STAGE_UNITS.length];
        for (int i = 0; i < expected.length; i++) {
            double seconds = STAGE_UNITS[i] * stageSeconds;
            expected[i] = (RATES[i] + RATES[i + 1]) / 2 / 60 * seconds;
        }
        return expected;
    }

    /** Second (from the first arrival) at which each stage ends. */
    static double[] stageEnds(int stageSeconds) {
        double[] ends = new double[STAGE_UNITS.length];
        double t = 0;
        for (int i = 0; i < ends.length; i++) {
            t += STAGE_UNITS[i] * stageSeconds;
            ends[i] = t;
        }
        return ends;
    }
}

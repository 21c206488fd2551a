package africa.easymo.perf.testplans.redeem;

import java.nio.file.Path;
import java.util.List;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JmxElement;

/**
 * What the tests need to know about redeem.jmx, read from the plan itself so a renamed label cannot make a check pass
 * vacuously: the redeem sampler's label, its probe label and the read-back sampler's label.
 */
record RedeemPlan(Path file, String redeemLabel, String probeLabel, String readbackLabel) {

    static final String SAMPLER = "africa.easymo.perf.journeys.redeem.StationRedeemSampler";
    static final String READBACK = "africa.easymo.perf.journeys.redeem.RedeemReadbackSampler";
    /** The plugin's default probe label, when the plan leaves the property out. */
    static final String DEFAULT_PROBE_LABEL = "redeem double-spend probe";
    /** 50 stations x 3 redeems/min; the smoke profile keeps the rate for 60 s. */
    static final double TARGET_PER_MINUTE = 150;
    static final double SMOKE_MINUTES = 1;
    static final long SLO_P95_MS = 500;

    static RedeemPlan load() {
        Path file = JMeterHome.plan("redeem.jmx");
        List<JmxElement> elements = JmxElement.read(file);
        JmxElement sampler = elements.stream().filter(e -> e.testClass().equals(SAMPLER) && e.enabled()).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no enabled " + SAMPLER));
        String probe = sampler.properties().getOrDefault("probeLabel", "");
        String readback = elements.stream().filter(e -> e.testClass().equals(READBACK) && e.enabled())
                .map(JmxElement::testName).findFirst().orElse(null);
        return new RedeemPlan(file, sampler.testName(), probe.isBlank() ? DEFAULT_PROBE_LABEL : probe, readback);
    }
}

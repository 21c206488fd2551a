package africa.easymo.perf.journeys.campaign;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of the Campaign Dispatch sampler; endpoint and secrets come from the easyMO Target element. */
public class CampaignDispatchSamplerBeanInfo extends BeanInfoSupport {
    public CampaignDispatchSamplerBeanInfo() {
        super(CampaignDispatchSampler.class);
        createPropertyGroup("batches", new String[] { "batchSize", "maxAttempts" });
        createPropertyGroup("throttle", new String[] { "maxPerMinute", "maxInflight" });
        createPropertyGroup("payload", new String[] { "source" });
        createPropertyGroup("checks", new String[] { "reconcile", "wabaThrottledAbortPercent" });
        integer("batchSize", 100);
        integer("maxAttempts", 10);
        integer("maxPerMinute", 600);
        integer("maxInflight", 8);
        integer("wabaThrottledAbortPercent", 5);
        PropertyDescriptor s = property("source");
        s.setValue(NOT_UNDEFINED, Boolean.TRUE);
        s.setValue(DEFAULT, "easymo-perf-jmeter");
        PropertyDescriptor r = property("reconcile");
        r.setValue(NOT_UNDEFINED, Boolean.TRUE);
        r.setValue(DEFAULT, Boolean.TRUE);
    }

    private void integer(String name, int dflt) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, Integer.valueOf(dflt));
    }
}

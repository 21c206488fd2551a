package africa.easymo.perf.journeys.redeem;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of the Station Redeem sampler. */
public class StationRedeemSamplerBeanInfo extends BeanInfoSupport {
    public StationRedeemSamplerBeanInfo() {
        super(StationRedeemSampler.class);
        createPropertyGroup("verdict", new String[] { "sloMillis" });
        createPropertyGroup("probes", new String[] { "probeShare", "probeLabel" });
        createPropertyGroup("pool", new String[] { "bodyShape", "skipUsedVouchers" });
        text("sloMillis", "500");
        text("probeShare", "0.02");
        text("probeLabel", "redeem double-spend probe");
        PropertyDescriptor shape = property("bodyShape");
        shape.setValue(NOT_UNDEFINED, Boolean.TRUE);
        shape.setValue(DEFAULT, "voucherId");
        shape.setValue(NOT_OTHER, Boolean.TRUE);
        shape.setValue(NOT_EXPRESSION, Boolean.TRUE);
        shape.setValue(TAGS, new String[] { "voucherId", "voucherCode" });
        PropertyDescriptor skip = property("skipUsedVouchers");
        skip.setValue(NOT_UNDEFINED, Boolean.TRUE);
        skip.setValue(DEFAULT, Boolean.TRUE);
    }

    private void text(String name, String dflt) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, dflt);
    }
}

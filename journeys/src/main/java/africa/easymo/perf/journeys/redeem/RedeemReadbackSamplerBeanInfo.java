package africa.easymo.perf.journeys.redeem;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of the Redeem Read-back sampler: nothing to set but its name, which is its label. */
public class RedeemReadbackSamplerBeanInfo extends BeanInfoSupport {
    public RedeemReadbackSamplerBeanInfo() {
        super(RedeemReadbackSampler.class);
    }
}

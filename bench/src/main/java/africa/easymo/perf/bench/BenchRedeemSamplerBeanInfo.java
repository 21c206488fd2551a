package africa.easymo.perf.bench;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of the bench's redeem-shaped sampler: where to send, how many vouchers to cycle, connection pool size. */
public class BenchRedeemSamplerBeanInfo extends BeanInfoSupport {
    public BenchRedeemSamplerBeanInfo() {
        super(BenchRedeemSampler.class);
        createPropertyGroup("bench", new String[] { "url", "poolSize", "maxConnections" });
        PropertyDescriptor url = property("url");
        url.setValue(NOT_UNDEFINED, Boolean.TRUE);
        url.setValue(DEFAULT, "http://127.0.0.1:8080/redeem");
        PropertyDescriptor pool = property("poolSize");
        pool.setValue(NOT_UNDEFINED, Boolean.TRUE);
        pool.setValue(DEFAULT, 10000);
        PropertyDescriptor max = property("maxConnections");
        max.setValue(NOT_UNDEFINED, Boolean.TRUE);
        max.setValue(DEFAULT, 200);
    }
}

package africa.easymo.perf.journeys.setup;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI of the easyMO Target element. There are deliberately no secret fields: secrets come from the environment or
 * {@code -J} properties named in the tooltips, so nothing secret is ever shown on screen or saved in a .jmx.
 */
public class EasymoTargetConfigBeanInfo extends BeanInfoSupport {
    public EasymoTargetConfigBeanInfo() {
        super(EasymoTargetConfig.class);
        createPropertyGroup("endpoints", new String[] { "appBaseUrl", "supabaseUrl", "voucherPreviewUrl",
                "campaignDispatchUrl", "stationRedeemUrl", "supabaseMetricsUrl", "stationAuthHeader" });
        createPropertyGroup("connection", new String[] { "connectTimeoutMillis", "responseTimeoutMillis",
                "maxConnections", "idempotencyPrefix" });
        for (String name : new String[] { "appBaseUrl", "supabaseUrl", "voucherPreviewUrl", "campaignDispatchUrl",
                "stationRedeemUrl", "supabaseMetricsUrl", "stationAuthHeader" }) {
            PropertyDescriptor p = property(name);
            p.setValue(NOT_UNDEFINED, Boolean.TRUE);
            p.setValue(DEFAULT, "");
        }
        integer("connectTimeoutMillis", 5000);
        integer("responseTimeoutMillis", 30000);
        integer("maxConnections", 500);
        PropertyDescriptor p = property("idempotencyPrefix");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "perf");
    }

    private void integer(String name, int dflt) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, Integer.valueOf(dflt));
    }
}

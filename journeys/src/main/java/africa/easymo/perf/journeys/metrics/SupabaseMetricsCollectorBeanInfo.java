package africa.easymo.perf.journeys.metrics;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of {@link SupabaseMetricsCollector}. */
public class SupabaseMetricsCollectorBeanInfo extends BeanInfoSupport {

    public SupabaseMetricsCollectorBeanInfo() {
        super(SupabaseMetricsCollector.class);
        createPropertyGroup("endpoint", new String[] { "metricsUrl", "intervalSeconds" });

        PropertyDescriptor p = property("metricsUrl");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");

        p = property("intervalSeconds");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "15");
    }
}

package africa.easymo.perf.plugin.arrivals;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.TextAreaEditor;

/** GUI of the Arrival-Rate Thread Group: the schedule, the concurrency cap, and a seed for repeatable Poisson runs. */
public class ArrivalRateThreadGroupBeanInfo extends BeanInfoSupport {
    public ArrivalRateThreadGroupBeanInfo() {
        super(ArrivalRateThreadGroup.class);
        createPropertyGroup("load", new String[] { ArrivalRateThreadGroup.SCHEDULE,
                ArrivalRateThreadGroup.CONCURRENCY_CAP, ArrivalRateThreadGroup.RANDOM_SEED });
        PropertyDescriptor schedule = property(ArrivalRateThreadGroup.SCHEDULE);
        schedule.setValue(NOT_UNDEFINED, Boolean.TRUE);
        schedule.setValue(DEFAULT, "rate(150/min) even_arrivals(10 min)");
        schedule.setPropertyEditorClass(TextAreaEditor.class);
        PropertyDescriptor cap = property(ArrivalRateThreadGroup.CONCURRENCY_CAP);
        cap.setValue(NOT_UNDEFINED, Boolean.TRUE);
        cap.setValue(DEFAULT, "200");
        PropertyDescriptor seed = property(ArrivalRateThreadGroup.RANDOM_SEED);
        seed.setValue(NOT_UNDEFINED, Boolean.TRUE);
        seed.setValue(DEFAULT, "0");
    }
}

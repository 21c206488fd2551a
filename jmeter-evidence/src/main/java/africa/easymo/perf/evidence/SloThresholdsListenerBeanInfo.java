package africa.easymo.perf.evidence;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.TypeEditor;

/** GUI of {@link SloThresholdsListener}: the gate (thresholds, abort rules) and where the evidence goes. */
public class SloThresholdsListenerBeanInfo extends BeanInfoSupport {

    public SloThresholdsListenerBeanInfo() {
        super(SloThresholdsListener.class);
        createPropertyGroup("gate", new String[] { "thresholds", "abortRules" });
        createPropertyGroup("evidence", new String[] { "summaryFile", "writeJtl", "generateDashboard" });

        PropertyDescriptor p = property("thresholds", TypeEditor.TextAreaEditor);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");
        p.setValue(TEXT_LANGUAGE, "text");

        p = property("abortRules", TypeEditor.TextAreaEditor);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");
        p.setValue(TEXT_LANGUAGE, "text");

        p = property("summaryFile");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");

        p = property("writeJtl");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, Boolean.TRUE);

        p = property("generateDashboard");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, Boolean.TRUE);
    }
}

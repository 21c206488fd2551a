package africa.easymo.perf.journeys.setup;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.FileEditor;

/** GUI of the Seed Summary element: one file, blank meaning PERF_SUMMARY_PATH or the seed tool's default. */
public class SeedSummaryConfigBeanInfo extends BeanInfoSupport {
    public SeedSummaryConfigBeanInfo() {
        super(SeedSummaryConfig.class);
        createPropertyGroup("summary", new String[] { "filename" });
        PropertyDescriptor p = property("filename");
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");
        p.setPropertyEditorClass(FileEditor.class);
    }
}

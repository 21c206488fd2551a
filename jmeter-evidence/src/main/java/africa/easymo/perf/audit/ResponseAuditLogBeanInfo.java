package africa.easymo.perf.audit;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.FileEditor;

/** GUI of the Response Audit Log listener. */
public class ResponseAuditLogBeanInfo extends BeanInfoSupport {
    public ResponseAuditLogBeanInfo() {
        super(ResponseAuditLog.class);
        createPropertyGroup("output", new String[] { "filename", "httpOnly", "queueCapacity" });
        PropertyDescriptor f = property("filename");
        f.setValue(NOT_UNDEFINED, Boolean.TRUE);
        f.setValue(DEFAULT, "");
        f.setPropertyEditorClass(FileEditor.class);
        PropertyDescriptor h = property("httpOnly");
        h.setValue(NOT_UNDEFINED, Boolean.TRUE);
        h.setValue(DEFAULT, Boolean.TRUE);
        PropertyDescriptor q = property("queueCapacity");
        q.setValue(NOT_UNDEFINED, Boolean.TRUE);
        q.setValue(DEFAULT, Integer.valueOf(10_000));
    }
}

package africa.easymo.perf.journeys.preview;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI of the Voucher Preview sampler. */
public class VoucherPreviewSamplerBeanInfo extends BeanInfoSupport {
    public VoucherPreviewSamplerBeanInfo() {
        super(VoucherPreviewSampler.class);
        createPropertyGroup("vouchers", new String[] { "selection" });
        createPropertyGroup("documents",
                new String[] { "imageLabel", "pdfLabel", "expectedImageWidth", "expectedImageHeight" });
        PropertyDescriptor selection = property("selection");
        selection.setValue(NOT_UNDEFINED, Boolean.TRUE);
        selection.setValue(DEFAULT, VoucherPreviewSampler.RANDOM);
        selection.setValue(NOT_OTHER, Boolean.TRUE);
        selection.setValue(TAGS, new String[] { VoucherPreviewSampler.RANDOM, VoucherPreviewSampler.ROUND_ROBIN });
        text("imageLabel", "preview image");
        text("pdfLabel", "preview pdf");
        text("expectedImageWidth", "800");
        text("expectedImageHeight", "400");
    }

    private void text(String name, String dflt) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, dflt);
    }
}

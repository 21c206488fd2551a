package africa.easymo.perf.journeys.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.testkit.InProcessJMeter;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayOutputStream;

import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the GUI shows of the Supabase Metrics Collector and what a saved plan holds, without opening a window. */
class SupabaseMetricsCollectorGuiTest {

    @BeforeAll
    static void jmeter() throws Exception {
        InProcessJMeter.init();
    }

    @Test
    void everyPropertyHasALabelAndADescriptionFromTheResources() throws Exception {
        BeanInfo info = Introspector.getBeanInfo(SupabaseMetricsCollector.class);
        assertThat(info.getBeanDescriptor().getDisplayName()).startsWith("easyMO ");
        for (PropertyDescriptor p : info.getPropertyDescriptors()) {
            if (p.isHidden() || p.getWriteMethod() == null || p.isExpert()) {
                continue;
            }
            assertThat(p.getDisplayName()).as(p.getName()).isNotEqualTo(p.getName());
            assertThat(p.getShortDescription()).as(p.getName()).isNotEqualTo(p.getDisplayName());
            assertThat(p.getValue("group")).as("group of " + p.getName()).isNotNull();
        }
    }

    @Test
    void itIsAConfigElementSoTheGuiFilesItUnderConfigElements() {
        assertThat(org.apache.jmeter.config.ConfigElement.class.isAssignableFrom(SupabaseMetricsCollector.class))
                .isTrue();
    }

    @Test
    void itSavesAndLoadsWithItsSettings() throws Exception {
        SupabaseMetricsCollector metrics = new SupabaseMetricsCollector();
        metrics.setName("metrics");
        metrics.setProperty("metricsUrl", "${__P(PERF_SUPABASE_METRICS_URL,)}");
        metrics.setProperty("intervalSeconds", "15");
        metrics.setProperty(TestElement.GUI_CLASS, TestBeanGUI.class.getName());
        metrics.setProperty(TestElement.TEST_CLASS, SupabaseMetricsCollector.class.getName());
        HashTree tree = new ListedHashTree();
        TestPlan testPlan = new TestPlan("p");
        testPlan.setProperty(TestElement.GUI_CLASS, "org.apache.jmeter.control.gui.TestPlanGui");
        testPlan.setProperty(TestElement.TEST_CLASS, TestPlan.class.getName());
        tree.add(testPlan).add(metrics);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SaveService.saveTree(tree, out);
        java.io.File saved = java.io.File.createTempFile("metrics", ".jmx");
        saved.deleteOnExit();
        java.nio.file.Files.write(saved.toPath(), out.toByteArray());
        HashTree loaded = SaveService.loadTree(saved);
        TestPlan p = (TestPlan) loaded.getArray()[0];
        SupabaseMetricsCollector m = (SupabaseMetricsCollector) loaded.getTree(p).getArray()[0];
        assertThat(m.getPropertyAsString("metricsUrl")).isEqualTo("${__P(PERF_SUPABASE_METRICS_URL,)}");
        assertThat(m.getPropertyAsString("intervalSeconds")).isEqualTo("15");
    }
}

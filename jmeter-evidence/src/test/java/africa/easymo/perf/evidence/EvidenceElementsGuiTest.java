package africa.easymo.perf.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the GUI shows and what a saved plan holds, without opening a window. */
class EvidenceElementsGuiTest {

    @BeforeAll
    static void jmeter() throws Exception {
        africa.easymo.perf.testkit.InProcessJMeter.init();
    }

    @Test
    void everyPropertyHasALabelAndADescriptionFromTheResources() throws Exception {
        for (Class<?> c : List.of(SloThresholdsListener.class, africa.easymo.perf.audit.ResponseAuditLog.class)) {
            BeanInfo info = Introspector.getBeanInfo(c);
            assertThat(info.getBeanDescriptor().getDisplayName()).startsWith("easyMO ");
            for (PropertyDescriptor p : info.getPropertyDescriptors()) {
                if (p.isHidden() || p.getWriteMethod() == null || p.isExpert()) {
                    continue;
                }
                assertThat(p.getDisplayName()).as(c.getSimpleName() + "." + p.getName()).isNotEqualTo(p.getName());
                assertThat(p.getShortDescription()).as(c.getSimpleName() + "." + p.getName())
                        .isNotEqualTo(p.getDisplayName());
                assertThat(p.getValue("group")).as("group of " + p.getName()).isNotNull();
            }
        }
    }

    /**
     * TestBeanGUI files a TestBean under a menu by its interfaces; a SampleListener that is not a Visualizer matches
     * none, which logs "Could not assign GUI class" and leaves it out of the Listeners menu.
     */
    @Test
    void everyListenerTestBeanIsAVisualizerSoTheGuiFilesItUnderListeners() {
        for (Class<?> c : List.of(SloThresholdsListener.class, africa.easymo.perf.audit.ResponseAuditLog.class)) {
            assertThat(org.apache.jmeter.samplers.SampleListener.class.isAssignableFrom(c)).as(c.getName()).isTrue();
            assertThat(org.apache.jmeter.visualizers.Visualizer.class.isAssignableFrom(c)).as(c.getName()).isTrue();
        }
        SloThresholdsListener gate = new SloThresholdsListener();
        assertThat(gate.isStats()).isFalse();
        gate.add(new org.apache.jmeter.samplers.SampleResult());
    }

    @Test
    void elementsSaveAndLoadWithTheirSettings() throws Exception {
        SloThresholdsListener gate = SloThresholdsListenerTest.gate("redeem: p(95)<500, errors<1%\ncounter(x)==0",
                "abort if 5xx>5% over 60s");
        gate.setProperty(TestElement.GUI_CLASS, TestBeanGUI.class.getName());
        gate.setProperty(TestElement.TEST_CLASS, SloThresholdsListener.class.getName());
        HashTree tree = new ListedHashTree();
        TestPlan testPlan = new TestPlan("p");
        testPlan.setProperty(TestElement.GUI_CLASS, "org.apache.jmeter.control.gui.TestPlanGui");
        testPlan.setProperty(TestElement.TEST_CLASS, TestPlan.class.getName());
        HashTree plan = tree.add(testPlan);
        plan.add(gate);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SaveService.saveTree(tree, out);
        String xml = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("testclass=\"africa.easymo.perf.evidence.SloThresholdsListener\"")
                .contains("redeem: p(95)&lt;500, errors&lt;1%");

        java.io.File saved = java.io.File.createTempFile("evidence", ".jmx");
        saved.deleteOnExit();
        java.nio.file.Files.write(saved.toPath(), out.toByteArray());
        HashTree loaded = SaveService.loadTree(saved);
        TestPlan p = (TestPlan) loaded.getArray()[0];
        Object[] children = loaded.getTree(p).getArray();
        SloThresholdsListener g = (SloThresholdsListener) children[0];
        assertThat(g.getPropertyAsString("thresholds")).isEqualTo("redeem: p(95)<500, errors<1%\ncounter(x)==0");
        assertThat(g.getPropertyAsString("abortRules")).isEqualTo("abort if 5xx>5% over 60s");
        assertThat(g.getPropertyAsBoolean("generateDashboard")).isTrue();
    }
}

package africa.easymo.perf.arrivals;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.testkit.InProcessJMeter;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.MenuElement;

import org.apache.jmeter.gui.action.ActionNames;
import org.apache.jmeter.gui.util.MenuFactory;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.PropertyIterator;
import org.apache.jmeter.testelement.property.TestElementProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The thread group's GUI without a window (java.awt.headless): what it reads, writes, checks and where it is filed. */
class ArrivalRateThreadGroupGuiTest {

    @BeforeAll
    static void jmeter() throws Exception {
        System.setProperty("java.awt.headless", "true");
        InProcessJMeter.init();
    }

    private static ArrivalRateThreadGroup planned(String onError) {
        ArrivalRateThreadGroup g = new ArrivalRateThreadGroup();
        g.setName("redeem arrivals");
        g.setComment("why: the redeem journey at the launch rate");
        g.setEnabled(false);
        g.setSchedule(
                "rate(50/min) random_arrivals(1 min)\nrate(150/min)\neven_arrivals(2 min) rate(400/min)\npause(30 s)");
        g.setConcurrencyCap("${__P(perf.redeem.concurrency,37)}");
        g.setRandomSeed("12345");
        g.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, onError);
        g.setIsSameUserOnNextIteration(false);
        g.setProperty(TestElement.GUI_CLASS, ArrivalRateThreadGroupGui.class.getName());
        g.setProperty(TestElement.TEST_CLASS, ArrivalRateThreadGroup.class.getName());
        return g;
    }

    @ParameterizedTest(name = "on sampler error: {0}")
    @ValueSource(strings = { AbstractThreadGroup.ON_SAMPLE_ERROR_CONTINUE,
            AbstractThreadGroup.ON_SAMPLE_ERROR_START_NEXT_LOOP, AbstractThreadGroup.ON_SAMPLE_ERROR_STOPTHREAD,
            AbstractThreadGroup.ON_SAMPLE_ERROR_STOPTEST, AbstractThreadGroup.ON_SAMPLE_ERROR_STOPTEST_NOW })
    void configureThenModifyKeepsEveryProperty(String onError) {
        ArrivalRateThreadGroup original = planned(onError);
        Map<String, String> before = flatten(original);
        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();

        // as the GUI does when a node is selected and then left: the same element is read and written back
        ArrivalRateThreadGroup sameElement = (ArrivalRateThreadGroup) original.clone();
        gui.configure(sameElement);
        gui.modifyTestElement(sameElement);
        // and as copy/paste does: a fresh element from the panel
        gui.configure(original);
        TestElement fresh = gui.createTestElement();

        assertThat(before).containsKeys(ArrivalRateThreadGroup.SCHEDULE, ArrivalRateThreadGroup.CONCURRENCY_CAP,
                ArrivalRateThreadGroup.RANDOM_SEED, AbstractThreadGroup.ON_SAMPLE_ERROR, TestElement.COMMENTS,
                TestElement.ENABLED, AbstractThreadGroup.IS_SAME_USER_ON_NEXT_ITERATION,
                AbstractThreadGroup.MAIN_CONTROLLER + "/LoopController.loops");
        assertThat(flatten(sameElement)).isEqualTo(before);
        assertThat(flatten(fresh)).isEqualTo(before);
        assertThat(fresh).isInstanceOf(ArrivalRateThreadGroup.class);
        assertThat(((ArrivalRateThreadGroup) fresh).getSamplerController()).isInstanceOf(ArrivalController.class);
    }

    @Test
    void aNewGroupHasTheDefaults() {
        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();
        gui.configure(planned(AbstractThreadGroup.ON_SAMPLE_ERROR_STOPTEST));
        gui.clearGui(); // what JMeter does before Add

        ArrivalRateThreadGroup g = (ArrivalRateThreadGroup) gui.createTestElement();

        assertThat(g.getSchedule()).isEqualTo("rate(150/min) even_arrivals(10 min)");
        assertThat(g.getConcurrencyCap()).isEqualTo("200");
        assertThat(g.getRandomSeed()).isEqualTo("0");
        assertThat(g.getPropertyAsString(AbstractThreadGroup.ON_SAMPLE_ERROR)).isEqualTo("continue");
        assertThat(g.getSamplerController()).isInstanceOf(ArrivalController.class);
        assertThat(g.isSameUserOnNextIteration()).isTrue();
        assertThat(g.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(ArrivalRateThreadGroupGui.class.getName());
        assertThat(g.getName()).isEqualTo("easyMO Arrival-Rate Thread Group");
        assertThat(gui.checkFailed()).isFalse();
        assertThat(gui.checkMessage()).isEqualTo("OK: about 1,500 arrivals over 10 min, peak 2.5/s");
    }

    @Test
    void theCheckLineNamesABadFieldAndWhatIsWrong() {
        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();
        ArrivalRateThreadGroup g = planned(AbstractThreadGroup.ON_SAMPLE_ERROR_CONTINUE);

        g.setSchedule("rate(10/s) evn_arrivals(1 min)");
        g.setConcurrencyCap("0");
        gui.configure(g);
        assertThat(gui.checkFailed()).isTrue();
        assertThat(gui.checkMessage()).isEqualTo("Schedule: unknown step 'evn_arrivals(' (expected rate, "
                + "even_arrivals, random_arrivals or pause); Concurrency cap: must be a whole number above 0, not '0'");

        g.setSchedule("rate(10/s) even_arrivals(1 min)");
        g.setConcurrencyCap("20");
        g.setRandomSeed("abc");
        gui.configure(g);
        assertThat(gui.checkMessage()).startsWith("Random seed: must be a whole number");

        g.setSchedule("rate(${__P(rate,10)}/s) even_arrivals(1 min)");
        g.setRandomSeed("0");
        gui.configure(g);
        assertThat(gui.checkFailed()).isFalse();
        assertThat(gui.checkMessage()).isEqualTo("OK so far; ${...} in schedule: checked when the test starts");

        g.setSchedule("rate(10/s) even_arrivals(1 min)");
        gui.configure(g);
        assertThat(gui.checkMessage()).isEqualTo("OK: about 600 arrivals over 60 s, peak 10/s");
    }

    @Test
    void isFiledUnderThreadsAndNotUnderLogicControllers() throws Exception {
        // TestBeanGUI files a TestBean that is not a ThreadGroup under Logic Controllers: this group is not one
        assertThat(TestBean.class.isAssignableFrom(ArrivalRateThreadGroup.class)).isFalse();
        assertThat(new ArrivalRateThreadGroupGui().getMenuCategories()).containsExactly(MenuFactory.THREADS);

        // JMeter's own menu scan, over this module's classes and JMeter's (each menu needs its core items)
        List<String> paths = new ArrayList<>();
        for (Class<?> c : List.of(ArrivalRateThreadGroupGui.class, AbstractThreadGroup.class,
                org.apache.jmeter.sampler.DebugSampler.class,
                org.apache.jmeter.protocol.http.sampler.HTTPSamplerProxy.class)) {
            paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        JMeterUtils.setProperty("search_paths",
                JMeterUtils.getPropDefault("search_paths", "") + ";" + String.join(";", paths));
        assertThat(labels(MenuFactory.makeMenus(new String[] { MenuFactory.THREADS }, "Add", ActionNames.ADD)))
                .contains("easyMO Arrival-Rate Thread Group");
        assertThat(labels(MenuFactory.makeMenus(new String[] { MenuFactory.CONTROLLERS }, "Add", ActionNames.ADD)))
                .doesNotContain("easyMO Arrival-Rate Thread Group");
    }

    @Test
    void aPlanSavedWithTheBeanGuiOpensInThisGuiAndSavesWithIt(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.jmx");
        Files.writeString(old, """
                <?xml version="1.0" encoding="UTF-8"?>
                <jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">
                  <hashTree>
                    <africa.easymo.perf.arrivals.ArrivalRateThreadGroup guiclass="TestBeanGUI" \
                testclass="africa.easymo.perf.arrivals.ArrivalRateThreadGroup" testname="arrival rate">
                      <stringProp name="schedule">rate(${__P(bench.rate,500)}/s) even_arrivals(20 s)</stringProp>
                      <stringProp name="concurrencyCap">200</stringProp>
                      <stringProp name="randomSeed">0</stringProp>
                    </africa.easymo.perf.arrivals.ArrivalRateThreadGroup>
                    <hashTree/>
                  </hashTree>
                </jmeterTestPlan>
                """, StandardCharsets.UTF_8);

        HashTree tree = SaveService.loadTree(old.toFile());
        ArrivalRateThreadGroup g = (ArrivalRateThreadGroup) tree.getArray()[0];
        assertThat(g.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(ArrivalRateThreadGroupGui.class.getName());
        assertThat(g.getSchedule()).isEqualTo("rate(${__P(bench.rate,500)}/s) even_arrivals(20 s)");

        File saved = dir.resolve("saved.jmx").toFile();
        try (var out = Files.newOutputStream(saved.toPath())) {
            SaveService.saveTree(tree, out);
        }
        assertThat(Files.readString(saved.toPath()))
                .contains("guiclass=\"africa.easymo.perf.arrivals.ArrivalRateThreadGroupGui\" "
                        + "testclass=\"africa.easymo.perf.arrivals.ArrivalRateThreadGroup\"");
    }

    private static List<String> labels(MenuElement menu) {
        List<String> out = new ArrayList<>();
        for (MenuElement e : menu.getSubElements()) {
            if (e instanceof JMenu m) {
                out.add(m.getText());
                for (int i = 0; i < m.getItemCount(); i++) {
                    JMenuItem item = m.getItem(i);
                    if (item != null) {
                        out.add(item.getText());
                    }
                }
            } else if (e instanceof JMenuItem item) {
                out.add(item.getText());
            }
            out.addAll(labels(e));
        }
        return out;
    }

    /** Every property as path -> string, nested elements flattened with '/'. */
    private static Map<String, String> flatten(TestElement element) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(element, "", out);
        return out;
    }

    private static void flatten(TestElement element, String prefix, Map<String, String> out) {
        PropertyIterator it = element.propertyIterator();
        while (it.hasNext()) {
            JMeterProperty p = it.next();
            if (p instanceof TestElementProperty nested) {
                out.put(prefix + p.getName() + "@class", nested.getElement().getClass().getName());
                flatten(nested.getElement(), prefix + p.getName() + "/", out);
            } else {
                out.put(prefix + p.getName(), p.getStringValue());
            }
        }
    }
}

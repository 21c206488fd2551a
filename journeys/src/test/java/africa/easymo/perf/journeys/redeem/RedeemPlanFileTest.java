package africa.easymo.perf.journeys.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.testkit.InProcessJMeter;
import africa.easymo.perf.journeys.testsupport.RedeemFixture;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.PropertyIterator;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** testplans/redeem.jmx itself: loads in SaveService, names only real bean properties, and runs at its rate. */
class RedeemPlanFileTest {
    static final Path PLAN = Path.of("../testplans/redeem.jmx").toAbsolutePath().normalize();
    static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        InProcessJMeter.init();
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        for (String p : List.of("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "PERF_STATION_REDEEM_URL",
                "PERF_SUMMARY_PATH", "perf.profile", "perf.redeem.rate", "perf.redeem.smoke.duration")) {
            JMeterUtils.getJMeterProperties().remove(p);
        }
    }

    static HashTree load() throws Exception {
        HashTree tree = SaveService.loadTree(PLAN.toFile());
        return JMeter.convertSubTree(tree, true);
    }

    @Test
    void everyPluginElementNamesOnlyPropertiesItsBeanHas() throws Exception {
        SearchByClass<TestElement> all = new SearchByClass<>(TestElement.class);
        load().traverse(all);
        int checked = 0;
        for (TestElement e : all.getSearchResults()) {
            if (!(e instanceof TestBean) || !e.getClass().getName().startsWith("africa.easymo.perf.")) {
                continue;
            }
            BeanInfo bi = Introspector.getBeanInfo(e.getClass());
            Set<String> known = new HashSet<>();
            for (PropertyDescriptor d : bi.getPropertyDescriptors()) {
                known.add(d.getName());
            }
            for (PropertyIterator it = e.propertyIterator(); it.hasNext();) {
                String name = it.next().getName();
                if (!name.startsWith("TestElement.") && !name.startsWith("TestPlan.")) {
                    assertThat(known).as(e.getClass().getSimpleName() + " property " + name).contains(name);
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyBeanPropertyHasALabelAndATooltip() throws Exception {
        for (Class<?> c : List.of(africa.easymo.perf.journeys.setup.EasymoTargetConfig.class,
                africa.easymo.perf.journeys.setup.SeedSummaryConfig.class, StationRedeemSampler.class)) {
            BeanInfo bi = Introspector.getBeanInfo(c);
            assertThat(bi.getBeanDescriptor().getDisplayName()).startsWith("easyMO");
            for (PropertyDescriptor d : bi.getPropertyDescriptors()) {
                if (d.isHidden() || d.getValue("group") == null) { // only grouped properties are in the GUI
                    continue;
                }
                assertThat(d.getDisplayName()).as(c.getSimpleName() + "." + d.getName()).isNotEqualTo(d.getName());
                assertThat(d.getShortDescription()).as(c.getSimpleName() + "." + d.getName() + " tooltip")
                        .isNotEqualTo(d.getDisplayName());
            }
        }
    }

    /**
     * The real plan at a faster rate for a short hold, against the sandbox: achieved arrivals within 1 % of the target,
     * keep-alive connections, reconciliation passed. Prints what it measured.
     */
    @Test
    @Timeout(180) // a thread group that cannot parse its settings waits for its first arrival forever
    void runsAtItsArrivalRateOnKeepAliveConnections() throws Exception {
        RedeemFixture f = RedeemFixture.create(sandbox.dataSource(), 10, 14);
        Path summary = f.writeSummary(dir.resolve("summary.json"));
        JMeterUtils.setProperty("SUPABASE_URL", sandbox.baseUrl().toString());
        JMeterUtils.setProperty("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey());
        JMeterUtils.setProperty("PERF_STATION_REDEEM_URL", sandbox.url("/redeem").toString());
        JMeterUtils.setProperty("PERF_SUMMARY_PATH", summary.toString());
        JMeterUtils.setProperty("perf.profile", "smoke");
        JMeterUtils.setProperty("perf.redeem.rate", "600"); // 10/s
        JMeterUtils.setProperty("perf.redeem.smoke.duration", "12");
        HashTree tree = load();
        // Evidence writing is the evidence element's business and tested there; keep this run to the journey.
        SearchByClass<TestElement> listeners = new SearchByClass<>(TestElement.class);
        tree.traverse(listeners);
        HashTree planTree = tree.getTree(tree.getArray()[0]);
        for (TestElement e : new ArrayList<>(listeners.getSearchResults())) {
            if (e.getClass().getName().contains(".evidence.")) {
                planTree.remove(e);
            }
        }
        Files.copy(PLAN, dir.resolve("redeem.jmx"));

        List<SampleResult> all = InProcessJMeter.run(tree, dir);

        long arrivals = all.stream().filter(
                s -> s.getSampleLabel().equals("redeem") || s.getSampleLabel().equals("redeem double-spend probe"))
                .count();
        long first = all.stream().mapToLong(SampleResult::getStartTime).min().orElse(0);
        long last = all.stream().filter(s -> !s.getSampleLabel().equals("redeem readback"))
                .mapToLong(SampleResult::getStartTime).max().orElse(0);
        EasymoRun ctx = EasymoRun.latest().orElseThrow();
        System.out.printf(
                "redeem.jmx in-process: %d arrivals (target 120) over %d ms, %d TCP connections opened, "
                        + "%d samples, reconciliation %s%n",
                arrivals, last - first, ctx.http().connectionsOpened(), all.size(),
                ctx.evidence().get("reconciliation.redeem").orElse(null));
        assertThat((double) arrivals).isBetween(120 * 0.99, 120 * 1.01);
        assertThat(all).allSatisfy(
                s -> assertThat(s.isSuccessful()).as(s.getSampleLabel() + ": " + s.getResponseMessage()).isTrue());
        assertThat(ctx.http().connectionsOpened()).as("keep-alive: connections << samples").isLessThan(all.size() / 4);
        assertThat(EasymoRun.latest().orElseThrow().outcome().failures()).isEmpty();
    }
}

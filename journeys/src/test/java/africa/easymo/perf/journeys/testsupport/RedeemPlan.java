package africa.easymo.perf.journeys.testsupport;

import africa.easymo.perf.journeys.setup.EasymoTargetConfig;
import africa.easymo.perf.journeys.setup.SeedSummaryConfig;
import africa.easymo.perf.journeys.redeem.RedeemReadbackSampler;
import africa.easymo.perf.journeys.redeem.StationRedeemSampler;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;

/** A short redeem plan built in code: target + summary at plan level, N threads × M loops of redeem + read-back. */
public final class RedeemPlan {
    private RedeemPlan() {
    }

    public static HashTree tree(String summaryFile, int threads, int loops, String probeShare) {
        TestPlan plan = new TestPlan("redeem test");
        EasymoTargetConfig target = bean(new EasymoTargetConfig(), "easyMO Target");
        target.setProperty("connectTimeoutMillis", 2000);
        target.setProperty("responseTimeoutMillis", 10000);
        target.setProperty("maxConnections", 50);
        target.setProperty("idempotencyPrefix", "test");
        for (String p : new String[] { "appBaseUrl", "supabaseUrl", "voucherPreviewUrl", "campaignDispatchUrl",
                "stationRedeemUrl", "supabaseMetricsUrl", "stationAuthHeader" }) {
            target.setProperty(p, "");
        }
        SeedSummaryConfig summary = bean(new SeedSummaryConfig(), "Seed Summary");
        summary.setProperty("filename", summaryFile);

        ThreadGroup tg = new ThreadGroup();
        tg.setName("stations");
        tg.setNumThreads(threads);
        tg.setRampUp(0);
        LoopController lc = new LoopController();
        lc.setLoops(loops);
        lc.setFirst(true);
        lc.initialize();
        tg.setSamplerController(lc);

        StationRedeemSampler redeem = bean(new StationRedeemSampler(), "redeem");
        redeem.setProperty("probeShare", probeShare);
        redeem.setProperty("sloMillis", "0");
        redeem.setProperty("probeLabel", "redeem double-spend probe");
        redeem.setProperty("bodyShape", "voucherId");
        redeem.setProperty("skipUsedVouchers", true);
        RedeemReadbackSampler readback = bean(new RedeemReadbackSampler(), "redeem readback");

        HashTree tree = new ListedHashTree();
        HashTree planTree = tree.add(plan);
        planTree.add(target);
        planTree.add(summary);
        HashTree tgTree = planTree.add(tg);
        tgTree.add(redeem);
        tgTree.add(readback);
        return tree;
    }

    private static <T extends TestElement> T bean(T e, String name) {
        e.setName(name);
        e.setProperty(TestElement.GUI_CLASS, TestBeanGUI.class.getName());
        e.setProperty(TestElement.TEST_CLASS, e.getClass().getName());
        return e;
    }
}

package africa.easymo.perf.evidence;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * Builds and runs the evidence tests' small plans in this JVM, on the JMeter home of
 * {@link africa.easymo.perf.testkit.InProcessJMeter}, as a non-GUI run would.
 */
final class EvidencePlans {

    private EvidencePlans() {
    }

    static Path init() throws IOException {
        return africa.easymo.perf.testkit.InProcessJMeter.init();
    }

    /** A plan file name for the run (the evidence names files after it); the file itself need not exist. */
    static RuntimeException runPlan(Path planFile, HashTree tree) {
        FileServer.getFileServer().setBaseForScript(planFile.toFile());
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        try {
            engine.run();
            return null;
        } catch (RuntimeException e) {
            // What a testStarted() threw: non-GUI JMeter logs it and ends the run.
            return e;
        }
    }

    /** Test plan → thread group (threads × loops, or a duration) → the sampler, and the listeners at plan level. */
    static HashTree tree(int threads, int loops, long durationSeconds, FakeSampler sampler,
            org.apache.jmeter.testelement.TestElement... planLevel) {
        TestPlan plan = new TestPlan("plan");
        LoopController loop = new LoopController();
        loop.setLoops(loops);
        loop.setFirst(true);
        loop.initialize();
        ThreadGroup tg = new ThreadGroup();
        tg.setName("tg");
        tg.setNumThreads(threads);
        tg.setRampUp(0);
        tg.setSamplerController(loop);
        if (durationSeconds > 0) {
            tg.setScheduler(true);
            tg.setDuration(durationSeconds);
        }
        HashTree tree = new ListedHashTree();
        HashTree planTree = tree.add(plan);
        for (org.apache.jmeter.testelement.TestElement e : planLevel) {
            planTree.add(e);
        }
        planTree.add(tg).add(sampler);
        return tree;
    }
}

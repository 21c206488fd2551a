package africa.easymo.perf.plugin.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;

import africa.easymo.perf.plugin.engine.RunOutcome;

/**
 * Runs a small plan in this JVM with a JMeter home laid out from ApacheJMeter_config (properties and the dashboard
 * template), as a non-GUI run would.
 */
final class InProcessJMeter {

    private static Path home;

    private InProcessJMeter() {
    }

    static synchronized Path init() throws IOException {
        if (home != null) {
            return home;
        }
        Path h = Files.createTempDirectory("jmeter-home");
        URL props = InProcessJMeter.class.getClassLoader().getResource("bin/jmeter.properties");
        JarURLConnection conn = (JarURLConnection) props.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.getName().startsWith("bin/") || e.isDirectory()) {
                    continue;
                }
                Path target = h.resolve(e.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        JMeterUtils.setJMeterHome(h.toString());
        JMeterUtils.loadJMeterProperties(h.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
        RunOutcome.disableHaltForTests();
        home = h;
        return h;
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

package africa.easymo.perf.testkit;

import africa.easymo.perf.run.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;

/** Runs a plan tree on the real JMeter engine inside the test JVM. */
public final class InProcessJMeter {
    private static Path home;

    private InProcessJMeter() {
    }

    /**
     * A JMeter home with ApacheJMeter_config's bin/ (properties, log4j2.xml and the dashboard's report template),
     * initialised once per JVM.
     */
    public static synchronized Path init() throws IOException {
        if (home != null) {
            return home;
        }
        Path h = Files.createTempDirectory("jmeter-home");
        copyBinFromConfigJar(h);
        Files.createDirectories(h.resolve("lib/ext"));
        JMeterUtils.setJMeterHome(h.toString());
        JMeterUtils.loadJMeterProperties(h.resolve("bin/jmeter.properties").toString());
        // Functions (__P, __jexl3, ...) are found by scanning search_paths: point it at the jars on the classpath.
        JMeterUtils.setProperty("search_paths", jarOf("org.apache.jmeter.functions.Property") + ";"
                + jarOf("org.apache.jmeter.functions.Jexl3Function"));
        JMeterUtils.setLocale(Locale.ENGLISH);
        JMeterUtils.initLocale();
        ExitCode.disableHaltForTests();
        home = h;
        return h;
    }

    private static void copyBinFromConfigJar(Path home) throws IOException {
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
                Path target = home.resolve(e.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            return "";
        }
    }

    /**
     * Runs the tree to completion with a collecting listener added at plan level (the tree's first key must be the
     * TestPlan). Returns the samples; an exception from a {@code testStarted()} propagates.
     */
    public static List<SampleResult> run(HashTree tree, Path planFolder) throws IOException {
        init();
        FileServer.getFileServer().setBasedir(planFolder.toAbsolutePath().toString());
        SampleCollector collector = new SampleCollector();
        Object plan = tree.getArray()[0];
        tree.getTree(plan).add(collector);
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        try {
            engine.run();
        } finally {
            JMeterContextService.endTest();
        }
        return new ArrayList<>(collector.samples());
    }
}

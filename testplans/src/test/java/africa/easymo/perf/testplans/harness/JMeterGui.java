package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens a plan in the real JMeter GUI of the ready home ({@code bin/jmeter -t}), on a given X display, lets
 * {@link GuiSaveProbe} click through every element, screenshot and save it, and returns what happened. The plan is
 * copied into the work folder first: the GUI saves the copy, never the original.
 */
public final class JMeterGui {
    private JMeterGui() {
    }

    public static GuiRunResult openAndSave(Path plan, Path workDir, String display, Duration timeout) {
        try {
            Files.createDirectories(workDir);
            Path copy = workDir.resolve(plan.getFileName());
            Files.copy(plan, copy, StandardCopyOption.REPLACE_EXISTING);
            Path probeClasses = installProbe(workDir.resolve("probe-classes"));
            Path init = workDir.resolve("probe-init.groovy");
            Files.writeString(init,
                    "Class.forName('" + GuiSaveProbe.class.getName()
                            + "', true, Thread.currentThread().contextClassLoader).getMethod('start', Properties)"
                            + ".invoke(null, props)\n",
                    StandardCharsets.UTF_8);
            Path log = workDir.resolve("jmeter.log");
            Files.deleteIfExists(log);
            Files.deleteIfExists(workDir.resolve("probe.result"));
            Files.deleteIfExists(workDir.resolve("screenshot.png"));

            List<String> command = List.of(JMeterHome.launcher().toString(), "-t", copy.toString(), "-j",
                    log.toString(), "-Juser.classpath=" + probeClasses, "-Jjsr223.init.file=" + init,
                    "-Jeasymo.gui.probe.dir=" + workDir, "-Jeasymo.gui.probe.timeout=" + timeout.toSeconds(),
                    // No backups/ folder in the home.
                    "-Jjmeter.gui.action.save.backup_on_save=false", "-Jjmeter.laf=CrossPlatform");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            JMeterRun.PLAN_VARIABLES.forEach(env::remove);
            env.put("DISPLAY", display);
            env.put("HEAP", "-Xms128m -Xmx512m");
            // Keep Java's per-user preferences (JMeter stores recent files there) inside the work folder.
            env.put("JVM_ARGS",
                    "-Djava.util.prefs.userRoot=" + workDir.resolve("prefs") + " -Djava.awt.headless=false");
            Process process = pb.start();
            process.getOutputStream().close();
            CompletableFuture<String> console = JMeterRun.drain(process.getInputStream());
            boolean finished = process.waitFor(timeout.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            if (!finished) {
                JMeterRun.destroyTree(process);
            }
            int exit = process.waitFor();
            Path result = workDir.resolve("probe.result");
            List<String> lines = Files.exists(result) ? Files.readAllLines(result) : List.of("<no probe.result>");
            String logText = Files.exists(log) ? Files.readString(log) : "";
            return new GuiRunResult(exit, !finished, console.get(30, TimeUnit.SECONDS), copy,
                    workDir.resolve("screenshot.png"), lines, logText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("JMeter GUI session failed: " + e.getMessage(), e);
        }
    }

    /** Copies the probe's class file(s) into a classes folder for JMeter's {@code user.classpath}. */
    static Path installProbe(Path classesDir) throws IOException {
        String resource = GuiSaveProbe.class.getName().replace('.', '/') + ".class";
        Path target = classesDir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = GuiSaveProbe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot find " + resource + " on the test class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return classesDir;
    }
}

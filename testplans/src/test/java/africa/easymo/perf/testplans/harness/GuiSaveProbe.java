package africa.easymo.perf.testplans.harness;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.swing.JTree;
import javax.swing.SwingUtilities;
import javax.swing.tree.TreePath;

import org.apache.jmeter.gui.GuiPackage;
import org.apache.jmeter.gui.action.ActionNames;
import org.apache.jmeter.gui.action.ActionRouter;
import org.apache.jmeter.gui.tree.JMeterTreeNode;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inside a real JMeter GUI (started by {@code bin/jmeter -t plan.jmx} under Xvfb, loaded through
 * {@code user.classpath} and a {@code jsr223.init.file} one-liner): once the plan is in the tree, it selects every
 * element in turn (so each element's GUI is built, filled from the element and written back, as when a person clicks
 * through the plan), takes a screenshot with one of our elements on screen, saves the plan with JMeter's own Save
 * action, loads the saved file back, writes {@code probe.result} and exits the JVM.
 *
 * <p>
 * JMeter properties: {@code easymo.gui.probe.dir} (where the screenshot and result go),
 * {@code easymo.gui.probe.timeout} (seconds to wait for the plan, default 120).
 */
public final class GuiSaveProbe {
    private static final Logger log = LoggerFactory.getLogger(GuiSaveProbe.class);

    private GuiSaveProbe() {
    }

    /** Entry point for the init script; returns at once, the work happens on a background thread. */
    public static void start(Properties props) {
        Path dir = Path.of(props.getProperty("easymo.gui.probe.dir", "."));
        long timeoutSeconds = Long.parseLong(props.getProperty("easymo.gui.probe.timeout", "120"));
        Thread t = new Thread(() -> run(dir, timeoutSeconds), "easymo-gui-probe");
        t.setDaemon(true);
        t.start();
    }

    private static void run(Path dir, long timeoutSeconds) {
        List<String> result = new ArrayList<>();
        int exit = 0;
        try {
            Files.createDirectories(dir);
            GuiPackage gui = awaitLoadedPlan(timeoutSeconds);
            String planFile = gui.getTestPlanFile();
            result.add("plan=" + planFile);

            List<String> visited = new ArrayList<>();
            JMeterTreeNode[] showcase = new JMeterTreeNode[1];
            Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
            JMeterTreeNode[] last = new JMeterTreeNode[1];
            onEdt(() -> {
                // No window manager on Xvfb: size the frame to the screen so the screenshot shows all of it.
                gui.getMainFrame().setBounds(screen);
                gui.getMainFrame().validate();
                JTree tree = gui.getTreeListener().getJTree();
                JMeterTreeNode root = (JMeterTreeNode) gui.getTreeModel().getRoot();
                Enumeration<?> nodes = root.preorderEnumeration();
                while (nodes.hasMoreElements()) {
                    JMeterTreeNode node = (JMeterTreeNode) nodes.nextElement();
                    if (node == root) {
                        continue;
                    }
                    tree.setSelectionPath(new TreePath(node.getPath()));
                    gui.updateCurrentGui();
                    TestElement element = node.getTestElement();
                    last[0] = node;
                    visited.add(element.getPropertyAsString(TestElement.TEST_CLASS) + "|" + element.getName());
                    // The screenshot shows one of our samplers if the plan has one, else one of our elements.
                    boolean ours = element.getClass().getName().startsWith("africa.easymo.perf.");
                    if (ours && (showcase[0] == null
                            || (element instanceof Sampler && !(showcase[0].getTestElement() instanceof Sampler)))) {
                        showcase[0] = node;
                    }
                }
                JMeterTreeNode shown = showcase[0] != null ? showcase[0] : last[0];
                tree.setSelectionPath(new TreePath(shown.getPath()));
                gui.updateCurrentGui();
            });
            result.add("elements=" + visited.size());
            visited.forEach(v -> result.add("element=" + v));

            // Let the selected element's panel lay out and paint before the capture.
            for (int i = 0; i < 5; i++) {
                onEdt(() -> gui.getMainFrame().repaint());
                Thread.sleep(200);
            }
            BufferedImage shot = new Robot().createScreenCapture(screen);
            File png = dir.resolve("screenshot.png").toFile();
            ImageIO.write(shot, "png", png);
            result.add("screenshot=" + png);

            onEdt(() -> ActionRouter.getInstance()
                    .doActionNow(new ActionEvent(gui.getMainFrame(), ActionEvent.ACTION_PERFORMED, ActionNames.SAVE)));
            Path saved = Path.of(planFile);
            result.add("saved=" + saved + " bytes=" + Files.size(saved));
            // The saved file must load again, with every element.
            int reloaded = SaveService.loadTree(saved.toFile()).list().size();
            result.add("reloaded.topLevel=" + reloaded);
            result.add("status=ok");
            log.info("easymo GUI probe: {} elements visited, plan saved to {}", visited.size(), saved);
        } catch (Throwable e) { // NOSONAR report anything, then exit: the test waits on this JVM
            exit = 1;
            result.add("status=error " + e);
            log.error("easymo GUI probe failed", e);
        }
        try {
            Files.write(dir.resolve("probe.result"), result, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.error("easymo GUI probe could not write its result", e);
            exit = 1;
        }
        System.exit(exit);
    }

    private static GuiPackage awaitLoadedPlan(long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            GuiPackage gui = GuiPackage.getInstance();
            if (gui != null && gui.getMainFrame() != null && gui.getTestPlanFile() != null) {
                JMeterTreeNode root = (JMeterTreeNode) gui.getTreeModel().getRoot();
                if (root.getChildCount() > 0 && root.getChildAt(0).getChildCount() > 0) {
                    onEdt(() -> {
                    });
                    return gui;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the plan was not in the GUI's tree within " + timeoutSeconds + " s");
    }

    private static void onEdt(Runnable action) throws Exception {
        SwingUtilities.invokeAndWait(action);
    }
}

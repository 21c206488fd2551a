package africa.easymo.perf.testplans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.assertj.core.api.SoftAssertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import africa.easymo.perf.testplans.harness.GuiRunResult;
import africa.easymo.perf.testplans.harness.JMeterGui;
import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JmxElement;
import africa.easymo.perf.testplans.harness.VirtualDisplay;

/**
 * Every plan in testplans/ opens in the real JMeter GUI (on a private Xvfb display), every element's GUI is built and
 * written back, the plan saves and loads again, nothing it set is lost, and jmeter.log has no ERROR. Screenshots stay
 * under {@code testplans/target/gui/<plan>/screenshot.png}.
 */
class PlansOpenInGuiIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static VirtualDisplay display;

    @BeforeAll
    static void startDisplay() throws Exception {
        assumeTrue(VirtualDisplay.xvfb().isPresent(),
                "SKIPPED: Xvfb is not installed (Debian: apt-get install xvfb; .ci/run installs it), "
                        + "so the JMeter GUI test cannot get a display");
        display = VirtualDisplay.start(1440, 900);
    }

    @AfterAll
    static void stopDisplay() {
        if (display != null) {
            display.close();
        }
    }

    static Stream<String> plans() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("redeem.jmx"); // required: the test fails if it is missing
        try (Stream<Path> files = Files.list(JMeterHome.testplansDir())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jmx") && !names.contains(n)).sorted()
                    .forEach(names::add);
        }
        // elements no main plan uses yet, in a test plan of their own (path relative to testplans/)
        names.add("src/test/resources/plans/arrival-rate-thread-group.jmx");
        return names.stream();
    }

    @Test
    void redeemPlanExists() {
        assertThat(JMeterHome.plan("redeem.jmx")).isRegularFile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void planOpensSavesAndReloadsInTheGui(String planName) throws IOException {
        Path plan = JMeterHome.plan(planName);
        assertThat(plan).isRegularFile();
        Path work = JMeterHome.buildDir().resolve("gui").resolve(plan.getFileName().toString().replace(".jmx", ""));

        GuiRunResult gui = JMeterGui.openAndSave(plan, work, display.display(), TIMEOUT);

        assertThat(gui.timedOut()).as(gui.describe()).isFalse();
        assertThat(gui.probeSucceeded()).as(gui.describe()).isTrue();

        // Everything else is reported together, so one run shows every problem of the plan.
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(gui.logErrors()).as("ERROR lines in jmeter.log of the GUI session").isEmpty();
        soft.assertThat(gui.console()).as("console").doesNotContain("Exception");

        List<JmxElement> original = JmxElement.read(plan);
        List<JmxElement> saved = JmxElement.read(gui.savedPlan());
        soft.assertThat(gui.probeResult()).as("the probe visited every element")
                .contains("elements=" + original.size());
        soft.assertThat(saved).extracting(JmxElement::testClass, JmxElement::testName, JmxElement::enabled)
                .as("the same elements, in the same tree order, after the GUI saved the plan")
                .containsExactlyElementsOf(
                        original.stream().map(e -> Tuple.tuple(e.testClass(), e.testName(), e.enabled())).toList());
        for (int i = 0; i < Math.min(original.size(), saved.size()); i++) {
            assertPropertiesKept(soft, original.get(i), saved.get(i));
        }

        BufferedImage shot = ImageIO.read(gui.screenshot().toFile());
        soft.assertThat(shot).as("screenshot " + gui.screenshot()).isNotNull();
        if (shot != null) {
            soft.assertThat(shot.getWidth()).isEqualTo(1440);
            soft.assertThat(distinctColours(shot)).as("the screenshot shows a rendered window, not a blank screen")
                    .isGreaterThan(16);
        }
        soft.assertAll();
    }

    /** Every property the plan sets keeps its value through the GUI (the GUI may add defaults). */
    private static void assertPropertiesKept(SoftAssertions soft, JmxElement before, JmxElement after) {
        for (Map.Entry<String, String> p : before.properties().entrySet()) {
            String was = p.getValue();
            String now = after.properties().get(p.getKey());
            boolean emptyDefault = now == null && (was.isEmpty() || was.equals("false"));
            if (!emptyDefault) {
                soft.assertThat(now).as(before.testClass() + " '" + before.testName() + "' property " + p.getKey())
                        .isEqualTo(was);
            }
        }
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
                if (colours.size() > 64) {
                    return colours.size();
                }
            }
        }
        return colours.size();
    }
}

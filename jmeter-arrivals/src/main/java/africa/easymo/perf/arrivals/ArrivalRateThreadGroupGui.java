package africa.easymo.perf.arrivals;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import javax.swing.BorderFactory;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.JTextComponent;

import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.gui.AbstractThreadGroupGui;
import org.apache.jmeter.util.JMeterUtils;

/**
 * The GUI of the {@link ArrivalRateThreadGroup}, filed under Add → Threads (Users) like JMeter's own thread groups:
 * name and comments, the standard "action after a sampler error", a multi-line schedule, the concurrency cap, the
 * random seed and whether a pooled thread stays the same user from one arrival to the next, with a line that checks
 * them as they are typed. Labels and tooltips come from {@code ArrivalRateThreadGroupResources}.
 */
public class ArrivalRateThreadGroupGui extends AbstractThreadGroupGui {
    private static final long serialVersionUID = 1L;
    private static final String RESOURCES = ArrivalRateThreadGroup.class.getName() + "Resources";

    private final JTextArea schedule = new JTextArea(4, 60);
    private final JTextField concurrencyCap = new JTextField(30);
    private final JTextField randomSeed = new JTextField(30);
    private final JCheckBox sameUser = new JCheckBox();
    private final JLabel check = new JLabel(" ");
    /** Whether the last check found a problem (for tests: the colour is the only other sign). */
    private boolean problem;

    public ArrivalRateThreadGroupGui() {
        schedule.setLineWrap(true);
        schedule.setWrapStyleWord(true);
        add(settingsPanel(), BorderLayout.CENTER);
        DocumentListener recheck = new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                recheck();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                recheck();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                recheck();
            }
        };
        for (JTextComponent field : List.of(schedule, concurrencyCap, randomSeed)) {
            field.getDocument().addDocumentListener(recheck);
        }
        showDefaults();
    }

    private JPanel settingsPanel() {
        JPanel panel = new JPanel(new GridBagLayout());
        panel.setBorder(BorderFactory.createTitledBorder(text("load.displayName", "Arrivals")));
        row(panel, 0, "schedule", "Schedule", new JScrollPane(schedule), schedule, true);
        row(panel, 1, "concurrencyCap", "Concurrency cap", concurrencyCap, concurrencyCap, false);
        row(panel, 2, "randomSeed", "Random seed", randomSeed, randomSeed, false);
        row(panel, 3, "sameUser", "Same user on each arrival", sameUser, sameUser, false);
        row(panel, 4, "check", "Check", check, check, false);
        JPanel wrapper = new JPanel(new BorderLayout());
        wrapper.add(panel, BorderLayout.NORTH);
        return wrapper;
    }

    private static void row(JPanel panel, int y, String key, String fallback, JComponent shown, JComponent field,
            boolean grow) {
        String tip = text(key + ".shortDescription", null);
        JLabel label = new JLabel(text(key + ".displayName", fallback));
        label.setLabelFor(field);
        label.setToolTipText(tip);
        field.setToolTipText(tip);
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.gridy = y;
        c.anchor = GridBagConstraints.NORTHWEST;
        c.insets = new Insets(4, 4, 4, 8);
        panel.add(label, c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = grow ? GridBagConstraints.BOTH : GridBagConstraints.NONE;
        c.anchor = GridBagConstraints.WEST;
        panel.add(shown, c);
    }

    private static String text(String key, String fallback) {
        try {
            return ResourceBundle.getBundle(RESOURCES, locale()).getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    private static Locale locale() {
        Locale l = JMeterUtils.getLocale();
        return l == null ? Locale.getDefault() : l;
    }

    // ------------------------------------------------------------ JMeterGUIComponent

    @Override
    public String getLabelResource() {
        // not a key of JMeter's messages: getStaticLabel answers from our own resources
        return "easymo_arrival_rate_thread_group";
    }

    @Override
    public String getStaticLabel() {
        return text("displayName", ArrivalRateThreadGroup.DISPLAY_NAME);
    }

    @Override
    public TestElement makeTestElement() {
        return new ArrivalRateThreadGroup();
    }

    @Override
    public TestElement createTestElement() {
        TestElement element = makeTestElement();
        modifyTestElement(element);
        return element;
    }

    @Override
    public void assignDefaultValues(TestElement element) {
        super.assignDefaultValues(element);
        keepController(element, new NullProperty());
        ((AbstractThreadGroup) element).setIsSameUserOnNextIteration(true);
        element.setProperty(ArrivalRateThreadGroup.SCHEDULE, ArrivalRateThreadGroup.DEFAULT_SCHEDULE);
        element.setProperty(ArrivalRateThreadGroup.CONCURRENCY_CAP, ArrivalRateThreadGroup.DEFAULT_CONCURRENCY_CAP);
        element.setProperty(ArrivalRateThreadGroup.RANDOM_SEED, ArrivalRateThreadGroup.DEFAULT_RANDOM_SEED);
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        schedule.setText(element.getPropertyAsString(ArrivalRateThreadGroup.SCHEDULE));
        schedule.setCaretPosition(0);
        concurrencyCap.setText(element.getPropertyAsString(ArrivalRateThreadGroup.CONCURRENCY_CAP));
        randomSeed.setText(element.getPropertyAsString(ArrivalRateThreadGroup.RANDOM_SEED));
        sameUser.setSelected(((AbstractThreadGroup) element).isSameUserOnNextIteration());
        recheck();
    }

    @Override
    public void modifyTestElement(TestElement element) {
        // JMeter's base clears the element before writing the panel back: keep the controller, no field edits it
        JMeterProperty controller = element.getProperty(AbstractThreadGroup.MAIN_CONTROLLER);
        super.modifyTestElement(element);
        keepController(element, controller);
        ((AbstractThreadGroup) element).setIsSameUserOnNextIteration(sameUser.isSelected());
        element.setProperty(ArrivalRateThreadGroup.SCHEDULE, schedule.getText());
        element.setProperty(ArrivalRateThreadGroup.CONCURRENCY_CAP, concurrencyCap.getText());
        element.setProperty(ArrivalRateThreadGroup.RANDOM_SEED, randomSeed.getText());
    }

    /** Puts back the pooled-thread controller, or a new one when there was none. */
    private static void keepController(TestElement element, JMeterProperty controller) {
        if (!(element instanceof ArrivalRateThreadGroup group)) {
            return;
        }
        if (controller instanceof NullProperty || !(controller.getObjectValue() instanceof ArrivalController)) {
            group.setSamplerController(new ArrivalController());
        } else {
            group.setProperty(controller);
        }
    }

    @Override
    public void clearGui() {
        super.clearGui();
        showDefaults();
    }

    private void showDefaults() {
        schedule.setText(ArrivalRateThreadGroup.DEFAULT_SCHEDULE);
        concurrencyCap.setText(ArrivalRateThreadGroup.DEFAULT_CONCURRENCY_CAP);
        randomSeed.setText(ArrivalRateThreadGroup.DEFAULT_RANDOM_SEED);
        sameUser.setSelected(true);
        recheck();
    }

    // ------------------------------------------------------------ the check line

    private void recheck() {
        List<String> problems = new ArrayList<>();
        List<String> later = new ArrayList<>();
        String summary = null;
        String s = schedule.getText();
        if (s.contains("${")) {
            later.add("schedule");
        } else {
            try {
                summary = summary(ArrivalSettings.schedule(s));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String cap = concurrencyCap.getText();
        if (cap.contains("${")) {
            later.add("concurrency cap");
        } else {
            try {
                ArrivalSettings.concurrencyCap(cap);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String seed = randomSeed.getText();
        if (seed.contains("${")) {
            later.add("random seed");
        } else {
            try {
                ArrivalSettings.randomSeed(seed);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        problem = !problems.isEmpty();
        String message;
        if (problem) {
            message = String.join("; ", problems);
        } else {
            message = (summary == null ? "OK so far" : summary) + (later.isEmpty() ? ""
                    : "; ${...} in " + String.join(", ", later) + ": checked when the test starts");
        }
        check.setText(message);
        check.setForeground(problem ? Color.RED.darker() : UIManager.getColor("Label.foreground"));
    }

    private static String summary(ArrivalSchedule s) {
        double seconds = s.totalNanos() / 1e9;
        return String.format(Locale.ROOT, "OK: about %,d arrivals over %s, peak %s/s", Math.round(s.expectedArrivals()),
                duration(seconds), round1(s.peakPerSecond()));
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return round1(seconds) + " s";
        }
        return round1(seconds / 60) + " min";
    }

    private static String round1(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** The check line as shown, for tests. */
    String checkMessage() {
        return check.getText();
    }

    /** Whether the check line reports a problem, for tests. */
    boolean checkFailed() {
        return problem;
    }
}

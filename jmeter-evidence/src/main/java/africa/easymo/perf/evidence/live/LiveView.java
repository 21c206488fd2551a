package africa.easymo.perf.evidence.live;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.jmeter.util.JMeterUtils;

/**
 * A run's live view in the JVM that judges it: the recorder every run has (its page goes into the run folder) and, when
 * asked for, the server that shows it while the run goes. Nothing here may stop the run: a failure is one line.
 */
public final class LiveView {

    private final LiveRecorder recorder;
    private final LiveDashboard dashboard;
    private final int lingerSeconds;
    private final Consumer<String> say;

    private LiveView(LiveRecorder recorder, LiveDashboard dashboard, int lingerSeconds, Consumer<String> say) {
        this.recorder = recorder;
        this.dashboard = dashboard;
        this.lingerSeconds = lingerSeconds;
        this.say = say;
    }

    /** Starts recording, and serving when the settings say so; null when even the recorder could not start. */
    public static LiveView start(String plan, long startMs, LiveSource source, UnaryOperator<String> redact,
            Consumer<String> say) {
        try {
            LiveRecorder recorder = new LiveRecorder(plan, startMs, source, redact);
            recorder.start();
            LiveSettings settings = LiveSettings.from(JMeterUtils::getProperty, System::getenv);
            LiveDashboard dashboard = null;
            if (settings.enabled()) {
                dashboard = LiveDashboard.start(settings, recorder::json, say).orElse(null);
            }
            return new LiveView(recorder, dashboard, settings.lingerSeconds(), say);
        } catch (RuntimeException | LinkageError e) {
            say.accept("Live dashboard not started: " + e.getMessage() + "; the run goes on without it");
            return null;
        }
    }

    public LiveRecorder recorder() {
        return recorder;
    }

    /** Stops recording; the server lingers as configured so the verdict can be seen, then stops. */
    public void close() {
        recorder.close();
        if (dashboard == null) {
            return;
        }
        if (lingerSeconds > 0) {
            say.accept("Live dashboard stays up " + lingerSeconds + " s more at " + dashboard.url() + " ("
                    + LiveSettings.LINGER + ")");
            try {
                Thread.sleep(lingerSeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dashboard.close();
    }
}

package africa.easymo.perf.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which verdict, and which exit code, each way of ending gives; the first reason of each kind wins. */
class RunOutcomeTest {

    @BeforeAll
    static void properties() {
        if (JMeterUtils.getJMeterProperties() == null) {
            // no jmeter.properties in a unit test JVM: an empty set is enough for the defaults
            try {
                var f = JMeterUtils.class.getDeclaredField("appProperties");
                f.setAccessible(true);
                f.set(null, new Properties());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aRunWithNothingRecordedPassesWithExitZero() {
        RunOutcome o = new RunOutcome();
        assertThat(o.verdict()).isEqualTo(RunVerdict.PASSED);
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void eachWayOfEndingHasItsOwnVerdictAndCode() {
        RunOutcome failed = new RunOutcome();
        failed.fail("threshold");
        assertThat(failed.verdict()).isEqualTo(RunVerdict.FAILED);
        assertThat(failed.exitCode()).isEqualTo(1);

        RunOutcome stopped = new RunOutcome();
        stopped.stoppedEarly("after 20 s");
        assertThat(stopped.verdict()).isEqualTo(RunVerdict.STOPPED);
        assertThat(stopped.exitCode()).isEqualTo(3);

        RunOutcome interrupted = new RunOutcome();
        interrupted.fail("a threshold failed too");
        interrupted.interrupt("SIGINT");
        interrupted.interrupt("SIGTERM");
        assertThat(interrupted.verdict()).as("an interrupt outranks a failure").isEqualTo(RunVerdict.INTERRUPTED);
        assertThat(interrupted.interruptedBy()).isEqualTo("SIGINT");
        assertThat(interrupted.exitCode()).isEqualTo(130);
    }

    @Test
    void aRefusalOutranksEverythingAndTellsTheDistributedControllerAtOnce() {
        RunOutcome o = new RunOutcome();
        List<String> told = new ArrayList<>();
        o.onRefusal(told::add); // as a distributed engine's: the start gate stops it, not this call
        EngineStartException e = o.refuseStart("PERF_STATION_REDEEM_URL is not set");
        o.interrupt("SIGINT");
        assertThat(e).hasMessage("PERF_STATION_REDEEM_URL is not set");
        assertThat(told).containsExactly("PERF_STATION_REDEEM_URL is not set");
        assertThat(o.refused()).isTrue();
        assertThat(o.verdict()).isEqualTo(RunVerdict.REFUSED);
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.failures()).containsExactly("PERF_STATION_REDEEM_URL is not set");
    }

    @Test
    void anEarlyStopPassesOnlyWhenThePlanSaysSoAndNothingElseFailed() {
        RunOutcome o = new RunOutcome();
        o.stoppedEarly("stopped by request after 20.0 s of a 60 s schedule (33 %)");
        JMeterUtils.setProperty(RunOutcome.EARLY_STOP_PASSES_PROPERTY, "true");
        try {
            assertThat(o.verdict()).isEqualTo(RunVerdict.PASSED);
            o.fail("reconciliation");
            assertThat(o.verdict()).isEqualTo(RunVerdict.FAILED);
        } finally {
            JMeterUtils.setProperty(RunOutcome.EARLY_STOP_PASSES_PROPERTY, "false");
        }
        assertThat(o.stoppedEarly()).startsWith("stopped by request after 20.0 s");
    }
}

package africa.easymo.perf.arrivals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.testkit.InProcessJMeter;

/** The thread group on the real JMeter engine, in this JVM. Counts only: nothing here asserts a duration. */
class ArrivalRateThreadGroupTest {

    /** Shared by the thread clones of a test's sampler (clones are made per thread, statics are not). */
    static final AtomicInteger SAMPLES = new AtomicInteger();
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch release = new CountDownLatch(0);

    /** Records the sample and its thread; holds until {@link #release} opens. */
    public static class RecordingSampler extends AbstractSampler {
        private static final long serialVersionUID = 1L;

        @Override
        public SampleResult sample(Entry e) {
            SampleResult r = new SampleResult();
            r.sampleStart();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            SAMPLES.incrementAndGet();
            THREADS.add(Thread.currentThread().getName());
            r.sampleEnd();
            r.setSuccessful(true);
            r.setSampleLabel(getName());
            return r;
        }
    }

    /** Joins the run at test start, as the plan's evidence and config elements do. */
    public static class JoinsTheRun extends org.apache.jmeter.testelement.AbstractTestElement
            implements org.apache.jmeter.testelement.TestStateListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void testStarted() {
            EngineRun.join();
        }

        @Override
        public void testStarted(String host) {
            testStarted();
        }

        @Override
        public void testEnded() {
        }

        @Override
        public void testEnded(String host) {
        }
    }

    @BeforeAll
    static void jmeterHome() throws IOException {
        InProcessJMeter.init();
    }

    private static ArrivalRateThreadGroup group(String schedule, int cap) {
        ArrivalRateThreadGroup g = new ArrivalRateThreadGroup();
        g.setName("arrivals");
        g.setSchedule(schedule);
        g.setConcurrencyCap(Integer.toString(cap));
        g.setRandomSeed("0");
        return g;
    }

    private static Thread run(ArrivalRateThreadGroup group) {
        HashTree tree = new ListedHashTree();
        RecordingSampler sampler = new RecordingSampler();
        sampler.setName("arrival");
        TestPlan plan = new TestPlan("plan");
        tree.add(plan).add(group).add(sampler);
        tree.getTree(plan).add(new JoinsTheRun());
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        Thread t = new Thread(engine::run, "engine");
        t.start();
        return t;
    }

    @Test
    void everyArrivalIsSampledOnAPooledThreadOrDroppedAndCounted() throws InterruptedException {
        SAMPLES.set(0);
        THREADS.clear();
        release = new CountDownLatch(0);
        ArrivalRateThreadGroup group = group("rate(200/s) even_arrivals(1 s)", 20);

        Thread engine = run(group);
        engine.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(engine.isAlive()).as("the test ended by itself when the schedule did").isFalse();
        assertThat(group.dispatchedArrivals() + group.droppedArrivals()).isEqualTo(200);
        assertThat(SAMPLES.get()).isEqualTo(group.dispatchedArrivals());
        // pooled: far fewer threads than arrivals, never more than the cap
        assertThat(THREADS.size()).isLessThanOrEqualTo(20);
        assertThat(group.peakThreads()).isLessThanOrEqualTo(20);
    }

    @Test
    void prestartedThreadsWaitForAnArrivalAndEndWithTheSchedule() throws InterruptedException {
        SAMPLES.set(0);
        THREADS.clear();
        release = new CountDownLatch(0);
        // peak 400/s: 20 threads parked before the first of the schedule's 4 arrivals
        ArrivalRateThreadGroup group = group("rate(400/s) even_arrivals(10 ms)", 50);
        assertThat(ArrivalRateThreadGroup
                .prestartCount(ArrivalSettings.check("rate(400/s) even_arrivals(10 ms)", "50", "").schedule(), 50))
                        .isEqualTo(20);

        Thread engine = run(group);
        engine.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(engine.isAlive()).as("parked threads were released when the schedule ended").isFalse();
        assertThat(group.peakThreads()).isGreaterThanOrEqualTo(20);
        assertThat(group.dispatchedArrivals()).isEqualTo(4);
        assertThat(SAMPLES.get()).as("no pass without an arrival").isEqualTo(4);
    }

    @Test
    void arrivalsFindingEveryThreadBusyAtTheCapAreDroppedNotQueued() throws InterruptedException {
        SAMPLES.set(0);
        THREADS.clear();
        release = new CountDownLatch(1);
        ArrivalRateThreadGroup group = group("rate(100/s) even_arrivals(500 ms)", 3);

        Thread engine = run(group);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (group.dispatchedArrivals() + group.droppedArrivals() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // counted as they happen, for a live view: the three samples still hold their threads
        assertThat(EngineRun.latest().orElseThrow().counters().snapshot()).containsEntry("arrivals.dispatched", 3L)
                .containsEntry("arrivals.dropped", 47L);
        release.countDown();
        engine.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(engine.isAlive()).isFalse();
        assertThat(group.dispatchedArrivals()).isEqualTo(3);
        assertThat(group.droppedArrivals()).isEqualTo(47);
        assertThat(EngineRun.latest().orElseThrow().counters().snapshot()).as("not counted twice at the end")
                .containsEntry("arrivals.dropped", 47L).containsEntry("arrivals.dispatched", 3L);
        assertThat(SAMPLES.get()).isEqualTo(3);
        assertThat(THREADS).hasSize(3);
    }

    @Test
    void aBadScheduleRefusesTheRunWithOneLineNamingTheGroupAndNoSample() throws IOException {
        InProcessJMeter.init();
        SAMPLES.set(0);
        release = new CountDownLatch(0);
        // a valid group first: the refusal comes before any thread group starts, so it sends nothing either
        ArrivalRateThreadGroup good = group("rate(200/s) even_arrivals(1 s)", 5);
        ArrivalRateThreadGroup bad = group("rate(200/s) evn_arrivals(1 s)", 5);
        bad.setName("redeem arrivals");
        HashTree tree = new ListedHashTree();
        HashTree plan = tree.add(new TestPlan("plan"));
        for (ArrivalRateThreadGroup g : new ArrivalRateThreadGroup[] { good, bad }) {
            RecordingSampler sampler = new RecordingSampler();
            sampler.setName("arrival");
            plan.add(g).add(sampler);
        }
        // the refusal ends the run normally (its listeners still see testEnded), before any thread group starts
        InProcessJMeter.run(tree, Files.createTempDirectory("plan"));
        assertThat(SAMPLES.get()).isZero();
        assertThat(good.dispatchedArrivals()).isZero();
        // the run's own outcome holds exactly this one refusal
        assertThat(EngineRun.latest().orElseThrow().outcome().failures()).singleElement().asString()
                .isEqualTo("easyMO Arrival-Rate Thread Group 'redeem arrivals': Schedule: unknown step "
                        + "'evn_arrivals(' (expected rate, even_arrivals, random_arrivals or pause)");
        assertThat(EngineRun.latest().orElseThrow().outcome().refused()).isTrue();
    }

    @Test
    void aCapOrSeedThatIsNotANumberIsRefusedByName() {
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> ArrivalSettings.check("rate(1/s) pause(1 s)", "lots", "0"))
                .hasMessage("Concurrency cap: must be a whole number above 0, not 'lots'");
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> ArrivalSettings.check("rate(1/s) pause(1 s)", "5", "x1"))
                .hasMessage("Random seed: must be a whole number (0 = a new sequence every run), not 'x1'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArrivalSettings.check(" ", "5", "0"))
                .hasMessage("Schedule: is empty");
        assertThat(ArrivalSettings.check("rate(1/s) pause(1 s)", " 5 ", "").concurrencyCap()).isEqualTo(5);
    }
}

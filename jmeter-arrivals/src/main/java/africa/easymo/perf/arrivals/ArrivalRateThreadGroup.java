package africa.easymo.perf.arrivals;

import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.EngineShard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.testelement.property.TestElementProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jorphan.collections.ListedHashTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open-model thread group for arrival-rate load (k6's constant- and ramping-arrival-rate): arrivals on a precise
 * schedule of stages ({@link ArrivalSchedule}, the grammar of JMeter's Open Model Thread Group, with even or Poisson
 * spacing), each served by a pooled thread that then waits for the next arrival — so a thread, its cloned test tree and
 * its keep-alive connections are made once, not per arrival — and at most {@code concurrencyCap} threads.
 *
 * <p>
 * When every thread is busy and the cap is reached an arrival is dropped, never queued (queuing would hide the target's
 * slowness in the generator): drops are counted, logged when they start and at the end, and put in the run evidence and
 * the engine counters ({@code arrivals.dropped}). Late dispatches (the scheduler running behind) are measured too. The
 * test ends when the schedule ends and the in-flight arrivals have finished.
 *
 * <p>
 * Not a TestBean: JMeter's TestBeanGUI files only {@code ThreadGroup} subclasses under Threads, so the group has its
 * own {@link ArrivalRateThreadGroupGui}. The settings are checked in {@link #testStarted()}, before any thread group
 * starts, so a bad one stops the run with one line and no sample.
 */
public class ArrivalRateThreadGroup extends AbstractThreadGroup implements TestStateListener {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ArrivalRateThreadGroup.class);

    static final String SCHEDULE = "schedule";
    static final String CONCURRENCY_CAP = "concurrencyCap";
    static final String RANDOM_SEED = "randomSeed";
    static final String DEFAULT_SCHEDULE = "rate(150/min) even_arrivals(10 min)";
    static final String DEFAULT_CONCURRENCY_CAP = "200";
    static final String DEFAULT_RANDOM_SEED = "0";
    /** What the GUI calls this element, for messages. */
    static final String DISPLAY_NAME = "easyMO Arrival-Rate Thread Group";
    private static final String TEST_BEAN_GUI = "org.apache.jmeter.testbeans.gui.TestBeanGUI";
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A pooled thread's hand-off point: released once per arrival (or to let it end). */
    static final class Worker {
        final Semaphore go = new Semaphore(0);
        /** Set before {@link #go} is released for an arrival; a release without it means "end". */
        volatile boolean arrival;
        /** Started before the schedule: waits for an arrival before its first pass, as between passes. */
        volatile boolean prestarted;
        volatile JMeterThread jmeterThread;
        volatile Thread thread;
    }

    private transient volatile boolean stopping;
    private transient Thread scheduler;
    private transient ConcurrentLinkedDeque<Worker> idle;
    private transient Map<JMeterThread, Worker> workers;
    private transient List<Thread> osThreads;
    private transient AtomicInteger live;
    private transient AtomicInteger threadNumbers;
    private transient AtomicLong dispatched;
    private transient AtomicLong dropped;
    private transient AtomicLong late;
    /**
     * The run's counters {@code arrivals.dispatched}, {@code arrivals.dropped}, {@code arrivals.late_over_10ms},
     * counted as arrivals happen so a live view sees them; null without a run context.
     */
    private transient java.util.concurrent.atomic.LongAdder[] liveCounters;
    private transient volatile long maxLagNanos;
    private transient volatile int peakThreads;

    public ArrivalRateThreadGroup() {
        setProperty(new TestElementProperty(MAIN_CONTROLLER, new ArrivalController()));
        setIsSameUserOnNextIteration(true);
    }

    // ------------------------------------------------------------ bean properties (read straight from the element)

    public String getSchedule() {
        return getPropertyAsString(SCHEDULE);
    }

    public void setSchedule(String schedule) {
        setProperty(SCHEDULE, schedule);
    }

    public String getConcurrencyCap() {
        return getPropertyAsString(CONCURRENCY_CAP);
    }

    public void setConcurrencyCap(String cap) {
        setProperty(CONCURRENCY_CAP, cap);
    }

    public String getRandomSeed() {
        return getPropertyAsString(RANDOM_SEED);
    }

    public void setRandomSeed(String seed) {
        setProperty(RANDOM_SEED, seed);
    }

    /**
     * Plans saved before this group had its own GUI name {@code guiclass="TestBeanGUI"}; loading one maps it to
     * {@link ArrivalRateThreadGroupGui}, so the plan opens under Threads and saves with the new name.
     */
    @Override
    public void setProperty(String name, String value) {
        if (TestElement.GUI_CLASS.equals(name) && (TEST_BEAN_GUI.equals(value) || "TestBeanGUI".equals(value))) {
            super.setProperty(name, ArrivalRateThreadGroupGui.class.getName());
            return;
        }
        super.setProperty(name, value);
    }

    // ------------------------------------------------------------ run

    private ArrivalSettings settings() {
        return ArrivalSettings.check(getSchedule(), getConcurrencyCap(), getRandomSeed());
    }

    @Override
    public void testStarted() {
        testStarted("");
    }

    /** Runs before any thread group starts: a bad setting refuses the whole run, naming this element. */
    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        try {
            settings();
        } catch (IllegalArgumentException e) {
            throw EngineRun.join().outcome().refuseStart(DISPLAY_NAME + " '" + getName() + "': " + e.getMessage());
        }
    }

    @Override
    public void testEnded() {
        // the end of run is reported by waitThreadsStopped(), once the threads are done
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    @Override
    public void start(int groupIndex, ListenerNotifier notifier, ListedHashTree tree, StandardJMeterEngine engine) {
        ArrivalSettings settings = settings();
        ArrivalSchedule schedule = settings.schedule();
        EngineRun run = EngineRun.find().orElse(null);
        if (run != null && !run.awaitStart()) {
            // a distributed run whose start was called off: this engine sends nothing, and a server's earlier run
            // must not be waited for or reported again
            scheduler = null;
            osThreads = null;
            dispatched = null;
            return;
        }
        // In a distributed run each engine takes every count-th arrival of the one schedule, so the engines together
        // hold the plan's rate, not count times it.
        EngineShard shard = run == null ? new EngineShard(0, 1) : run.shard();
        // how long the run is planned to last, so a stop before then reads as an early stop
        if (run != null) {
            run.scheduled(schedule.totalNanos() / 1e9);
        }
        int cap = settings.concurrencyCap();
        JMeterVariables variables = JMeterContextService.getContext().getVariables();

        stopping = false;
        idle = new ConcurrentLinkedDeque<>();
        workers = new ConcurrentHashMap<>();
        osThreads = new CopyOnWriteArrayList<>();
        live = new AtomicInteger();
        threadNumbers = new AtomicInteger();
        dispatched = new AtomicLong();
        dropped = new AtomicLong();
        late = new AtomicLong();
        liveCounters = EngineRun.find()
                .map(c -> new java.util.concurrent.atomic.LongAdder[] { c.counters().counter("arrivals.dispatched"),
                        c.counters().counter("arrivals.dropped"), c.counters().counter("arrivals.late_over_10ms") })
                .orElse(null);
        maxLagNanos = 0;
        peakThreads = 0;

        log.info("{}: schedule [{}], {} arrivals expected over {} s, peak {}/s, concurrency cap {}", getName(),
                schedule, Math.round(schedule.expectedArrivals()), schedule.totalNanos() / 1e9,
                round1(schedule.peakPerSecond()), cap);
        ArrivalTimeline timeline = new ArrivalTimeline(schedule, settings.random());
        long totalNanos = schedule.totalNanos();
        prestart(prestartCount(schedule, cap), () -> newThread(engine, notifier, groupIndex, tree, variables, true));
        scheduler = new Thread(
                () -> runSchedule(timeline, shard, totalNanos, cap,
                        () -> newThread(engine, notifier, groupIndex, tree, variables, false)),
                "arrivals-" + getName());
        scheduler.start();
    }

    private void runSchedule(ArrivalTimeline timeline, EngineShard shard, long totalNanos, int cap,
            Runnable startThread) {
        long start = System.nanoTime();
        boolean warnedDrop = false;
        long sequence = 0;
        try {
            long at;
            while (!stopping && (at = timeline.nextNanos()) >= 0) {
                if (!shard.owns((int) (sequence++ % Integer.MAX_VALUE))) {
                    continue;
                }
                long due = start + at;
                waitUntil(due);
                if (stopping) {
                    break;
                }
                long lag = System.nanoTime() - due;
                if (lag > maxLagNanos) {
                    maxLagNanos = lag;
                }
                if (lag > LATE_NANOS) {
                    late.incrementAndGet();
                    countLive(2);
                }
                Worker w = idle.pollFirst();
                if (w != null) {
                    dispatched.incrementAndGet();
                    countLive(0);
                    w.arrival = true;
                    w.go.release();
                } else if (live.get() < cap) {
                    dispatched.incrementAndGet();
                    countLive(0);
                    startThread.run();
                } else {
                    dropped.incrementAndGet();
                    countLive(1);
                    if (!warnedDrop) {
                        warnedDrop = true;
                        log.warn("{}: all {} threads busy, dropping arrivals (counted, reported at the end)", getName(),
                                cap);
                    }
                }
            }
            if (!stopping) {
                // a schedule may end in a pause: the test lasts as long as the schedule says
                waitUntil(start + totalNanos);
            }
        } catch (RuntimeException e) {
            log.error("{}: arrival scheduler failed, stopping the group", getName(), e);
        } finally {
            stopping = true;
            releaseIdle();
        }
    }

    private void waitUntil(long dueNanos) {
        long left;
        while (!stopping && (left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Threads for the first 50 ms of the peak rate, started and parked in the pool before the first arrival: starting a
     * thread (cloning the test tree) on the scheduler's clock at the start of a run, while the code is still cold, made
     * the first second's arrivals late and bunched (bench: the one second out of ±10 %, most of the run's p99).
     */
    static int prestartCount(ArrivalSchedule schedule, int cap) {
        return (int) Math.min(cap, Math.max(1, Math.ceil(schedule.peakPerSecond() / 20)));
    }

    private void prestart(int count, Runnable startThread) {
        for (int i = 0; i < count; i++) {
            startThread.run();
        }
        // Bounded: a thread that is slow to park only means the first arrivals may start a thread of their own.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (idle.size() < count && System.nanoTime() < deadline && !stopping) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void newThread(StandardJMeterEngine engine, ListenerNotifier notifier, int groupIndex, ListedHashTree tree,
            JMeterVariables variables, boolean prestarted) {
        int number = threadNumbers.getAndIncrement();
        JMeterThread jt = makeThread(engine, this, notifier, groupIndex, number, cloneTree(tree), variables);
        Worker w = new Worker();
        w.prestarted = prestarted;
        w.jmeterThread = jt;
        workers.put(jt, w);
        int now = live.incrementAndGet();
        if (now > peakThreads) {
            peakThreads = now;
        }
        Thread t = new Thread(jt, jt.getThreadName());
        w.thread = t;
        osThreads.add(t);
        t.start();
    }

    Worker workerOf(JMeterThread thread) {
        Worker w = workers.get(thread);
        if (w == null) {
            throw new IllegalStateException("thread " + thread.getThreadName() + " is not one of " + getName());
        }
        return w;
    }

    /** Called by a pooled thread after each pass; true when it got another arrival, false when it should end. */
    boolean awaitArrival(Worker w) {
        if (stopping) {
            return false;
        }
        idle.addFirst(w);
        // stop() sets the flag before it releases the idle threads: re-checking after joining the pool means a
        // thread either sees the flag or is released by it
        if (stopping) {
            idle.remove(w);
            return false;
        }
        try {
            w.go.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        // an arrival handed over just before the schedule ended is still served: it was counted as dispatched
        if (w.arrival) {
            w.arrival = false;
            return true;
        }
        return false;
    }

    private void releaseIdle() {
        Worker w;
        while ((w = idle.pollFirst()) != null) {
            w.go.release();
        }
    }

    @Override
    public void threadFinished(JMeterThread thread) {
        if (workers != null && workers.remove(thread) != null) {
            live.decrementAndGet();
        }
    }

    @Override
    public void waitThreadsStopped() {
        join(scheduler);
        // null when start() dispatched nothing (a distributed run called off at the start gate)
        if (osThreads != null) {
            for (Thread t : osThreads) {
                join(t);
            }
        }
        report();
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean verifyThreadsStopped() {
        boolean stopped = scheduler == null || !scheduler.isAlive();
        if (osThreads != null) {
            for (Thread t : osThreads) {
                stopped &= !t.isAlive();
            }
        }
        return stopped;
    }

    /** Graceful: no more arrivals, threads end after their current sample. */
    @Override
    public void tellThreadsToStop() {
        stopping = true;
        if (scheduler != null) {
            LockSupport.unpark(scheduler);
        }
        if (workers != null) {
            for (JMeterThread jt : workers.keySet()) {
                jt.stop();
            }
        }
        releaseIdle();
    }

    /** Immediate: as graceful, and the running samples are interrupted. */
    @Override
    public void stop() {
        tellThreadsToStop();
        if (workers != null) {
            for (Worker w : workers.values()) {
                w.jmeterThread.interrupt();
                Thread t = w.thread;
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    @Override
    public boolean stopThread(String threadName, boolean now) {
        if (workers == null) {
            return false;
        }
        for (Worker w : workers.values()) {
            if (w.jmeterThread.getThreadName().equals(threadName)) {
                w.jmeterThread.stop();
                if (now) {
                    w.jmeterThread.interrupt();
                    Thread t = w.thread;
                    if (t != null) {
                        t.interrupt();
                    }
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public int numberOfActiveThreads() {
        return live == null ? 0 : live.get();
    }

    @Override
    public JMeterThread addNewThread(int delay, StandardJMeterEngine engine) {
        // threads are started by arrivals, never added from outside
        return null;
    }

    private void report() {
        if (dispatched == null) {
            return;
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("dispatched", dispatched.get());
        stats.put("dropped", dropped.get());
        stats.put("late_over_10ms", late.get());
        stats.put("max_dispatch_lag_ms", round1(maxLagNanos / 1e6));
        stats.put("peak_threads", peakThreads);
        stats.put("concurrency_cap", getConcurrencyCap());
        stats.put("schedule", getSchedule());
        try {
            ArrivalSchedule planned = settings().schedule();
            stats.put("scheduled_seconds", round1(planned.totalNanos() / 1e9));
            stats.put("expected_arrivals", Math.round(planned.expectedArrivals()));
        } catch (IllegalArgumentException e) {
            // the settings were checked at test start; a schedule edited since then only loses these two figures
        }
        if (dropped.get() > 0) {
            log.warn(
                    "{}: {} arrivals dispatched, {} DROPPED at the concurrency cap of {}; {} dispatched over 10 ms "
                            + "late (max {} ms); peak {} threads",
                    getName(), dispatched.get(), dropped.get(), getConcurrencyCap(), late.get(),
                    round1(maxLagNanos / 1e6), peakThreads);
        } else {
            log.info(
                    "{}: {} arrivals dispatched, none dropped; {} dispatched over 10 ms late (max {} ms); peak {} "
                            + "threads",
                    getName(), dispatched.get(), late.get(), round1(maxLagNanos / 1e6), peakThreads);
        }
        // only this run's context: in the GUI an earlier run's may still be there
        EngineRun.find().ifPresent(c -> {
            if (liveCounters == null) {
                c.counters().counter("arrivals.dropped").add(dropped.get());
            }
            c.evidence().put("arrivals." + getName(), stats);
        });
    }

    private void countLive(int which) {
        java.util.concurrent.atomic.LongAdder[] c = liveCounters;
        if (c != null) {
            c[which].increment();
        }
    }

    long dispatchedArrivals() {
        return dispatched == null ? 0 : dispatched.get();
    }

    long droppedArrivals() {
        return dropped == null ? 0 : dropped.get();
    }

    int peakThreads() {
        return peakThreads;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

package africa.easymo.perf.audit;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Appends lines to one file from many threads through a bounded queue drained by one background thread. A producer
 * waits at most {@code offerWaitMillis} for room; if the queue is still full the producer writes its line itself (under
 * the same lock as the background thread), so memory stays bounded, nothing is dropped, and a sampler only ever waits
 * as long as the disk does. {@link #close()} drains everything queued before it returns; {@link #flush()} does the same
 * without closing (for a shutdown hook that halts the JVM).
 */
public final class AuditLogWriter implements Closeable {
    private static final String POISON = new String("<end>");

    private final BlockingQueue<String> queue;
    private final Writer out;
    private final long offerWaitMillis;
    private final Object lock = new Object();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Thread drainer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong writtenByProducers = new AtomicLong();
    private volatile IOException firstError;

    /** Creates (or truncates) {@code file} and its folders. */
    public static AuditLogWriter open(Path file, int capacity, long offerWaitMillis) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new AuditLogWriter(w, capacity, offerWaitMillis, file.getFileName().toString());
    }

    AuditLogWriter(Writer out, int capacity, long offerWaitMillis, String name) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        this.offerWaitMillis = Math.max(0, offerWaitMillis);
        this.drainer = new Thread(this::drainLoop, "audit-log-writer-" + name);
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * Queues one line (without its line break). After {@link #close()} the line is written directly while the file is
     * still open, else counted as failed.
     */
    public void write(String line) {
        // The read lock makes "not closed, so queued" atomic against close(): a queued line is always drained.
        gate.readLock().lock();
        try {
            if (!closed.get() && queue.offer(line, offerWaitMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            // A stopping thread still gets its line written, below; keep the interrupt for the caller.
            Thread.currentThread().interrupt();
        } finally {
            gate.readLock().unlock();
        }
        synchronized (lock) {
            writeLocked(line);
            writtenByProducers.incrementAndGet();
            if (closed.get()) {
                flushLocked();
            }
        }
    }

    /** Writes everything queued so far and flushes the file. */
    public void flush() {
        synchronized (lock) {
            drainLocked();
            flushLocked();
        }
    }

    /** Drains the queue, flushes and closes; idempotent. */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            gate.writeLock().unlock();
        }
        // Wake the drainer so it ends; whatever it leaves is drained here under the lock.
        queue.offer(POISON);
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            drainLocked();
            flushLocked();
            try {
                out.close();
            } catch (IOException e) {
                record(e);
            }
        }
    }

    /** Lines in the file (or its buffer). */
    public long written() {
        return written.get();
    }

    /** Lines that could not be written (I/O errors). */
    public long failed() {
        return failed.get();
    }

    /** Lines producers wrote themselves because the queue stayed full. */
    public long writtenByProducers() {
        return writtenByProducers.get();
    }

    /** Lines waiting in the queue now (never more than the capacity). */
    public int queued() {
        return queue.size();
    }

    /** The first I/O error, or null. */
    public IOException firstError() {
        return firstError;
    }

    private void drainLoop() {
        List<String> batch = new ArrayList<>(256);
        while (true) {
            String first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, 4095);
                boolean end = false;
                for (String line : batch) {
                    if (line == POISON) {
                        end = true;
                    } else {
                        writeLocked(line);
                    }
                }
                if (queue.isEmpty()) {
                    flushLocked();
                }
                if (end) {
                    return;
                }
            }
        }
    }

    private void drainLocked() {
        String line;
        while ((line = queue.poll()) != null) {
            if (line != POISON) {
                writeLocked(line);
            }
        }
    }

    private void writeLocked(String line) {
        try {
            out.write(line);
            out.write('\n');
            written.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            record(e);
        }
    }

    private void flushLocked() {
        try {
            out.flush();
        } catch (IOException e) {
            record(e);
        }
    }

    private void record(IOException e) {
        if (firstError == null) {
            firstError = e;
        }
    }
}

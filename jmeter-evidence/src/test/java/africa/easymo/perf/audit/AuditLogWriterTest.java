package africa.easymo.perf.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogWriterTest {

    @Test
    void manyThreadsEveryLineExactlyOnceWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/audit.log");
        int threads = 8;
        int perThread = 5_000;
        AuditLogWriter w = AuditLogWriter.open(file, 64, 5);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        w.write("{\"t\":" + id + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}");
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        w.close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(threads * perThread);
        Set<String> keys = new HashSet<>();
        for (String l : lines) {
            assertThat(l).matches("\\{\"t\":\\d,\"i\":\\d+,\"pad\":\"x*\"}");
            keys.add(l.substring(0, l.indexOf(",\"pad\"")));
        }
        assertThat(keys).hasSize(threads * perThread);
        assertThat(w.written()).isEqualTo(threads * perThread);
        assertThat(w.failed()).isZero();
    }

    @Test
    void queueNeverGrowsPastItsCapacityAndAStalledDiskLosesNothing() throws Exception {
        GateWriter sink = new GateWriter();
        AuditLogWriter w = new AuditLogWriter(sink, 10, 1, "test");
        // The drainer takes the first line and blocks inside the sink; the queue then fills to capacity and further
        // producers write themselves, waiting on the same stalled sink.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        w.write("line-" + id + "-" + i);
                        assertThat(w.queued()).isLessThanOrEqualTo(10);
                    }
                    return null;
                }));
            }
            assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(w.queued()).isLessThanOrEqualTo(10);
            sink.open.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        w.close();
        assertThat(sink.text().lines().count()).isEqualTo(200);
        assertThat(sink.text().lines().distinct().count()).isEqualTo(200);
    }

    @Test
    void closeDrainsWhatTheBackgroundThreadHadNotWrittenYet() throws Exception {
        GateWriter sink = new GateWriter();
        AuditLogWriter w = new AuditLogWriter(sink, 1000, 1, "test");
        for (int i = 0; i < 500; i++) {
            w.write("l" + i);
        }
        // Drainer is stuck in the sink with most lines still queued; close must wait and write them all.
        assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread releaser = new Thread(() -> sink.open.countDown());
        releaser.start();
        w.close();
        assertThat(sink.text().lines().toList()).hasSize(500).startsWith("l0").endsWith("l499");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void flushMakesQueuedLinesVisibleWithoutClosing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.log");
        AuditLogWriter w = AuditLogWriter.open(file, 100, 1);
        for (int i = 0; i < 20; i++) {
            w.write("x" + i);
        }
        w.flush();
        assertThat(Files.readAllLines(file)).hasSize(20);
        w.write("after-flush");
        w.close();
        assertThat(Files.readAllLines(file)).hasSize(21);
    }

    @Test
    void ioErrorsAreCountedNotThrown() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void close() {
            }
        };
        AuditLogWriter w = new AuditLogWriter(broken, 10, 1, "broken");
        for (int i = 0; i < 3; i++) {
            w.write("a line long enough to pass through the buffer ".repeat(400));
        }
        w.close();
        assertThat(w.failed()).isGreaterThan(0);
        assertThat(w.firstError()).hasMessageContaining("disk full");
    }

    /** A sink that blocks its first write until opened. */
    private static final class GateWriter extends Writer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        private final StringWriter buf = new StringWriter();
        private final AtomicInteger writes = new AtomicInteger();
        volatile boolean closed;

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (writes.getAndIncrement() == 0) {
                entered.countDown();
                try {
                    open.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            synchronized (buf) {
                buf.write(cbuf, off, len);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            synchronized (buf) {
                return buf.toString();
            }
        }
    }
}

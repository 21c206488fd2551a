package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/jmeter -s} on loopback, with the flags distributed mode needs: its own RMI registry port and local
 * object port (free ports), SSL off, host name 127.0.0.1, and optionally a shard index override. Its log and evidence
 * go to its own folder.
 */
public final class JMeterServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private JMeterServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** A server whose shard the distributed run's controller assigns. */
    public static JMeterServer start(Path dir, Map<String, String> env) throws IOException {
        return start(dir, -1, env);
    }

    /** A server started with {@code -Jperf.shard.index=shardIndex} (none when negative). */
    public static JMeterServer start(Path dir, int shardIndex, Map<String, String> env) throws IOException {
        SandboxFixture.deleteTree(dir); // a fresh folder: what the server leaves behind is this test's to check
        Files.createDirectories(dir);
        int port = freePort();
        int rmiPort = freePort();
        List<String> cmd = new ArrayList<>(
                List.of(JMeterHome.launcher().toString(), "-s", "-j", dir.resolve("jmeter-server.log").toString(),
                        "-Jserver_port=" + port, "-Jserver.rmi.localport=" + rmiPort, "-Jserver.rmi.ssl.disable=true",
                        "-Djava.rmi.server.hostname=127.0.0.1", "-Jperf.evidence.dir=" + dir.resolve("evidence")));
        if (shardIndex >= 0) {
            cmd.add("-Jperf.shard.index=" + shardIndex);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        Map<String, String> e = pb.environment();
        JMeterRun.PLAN_VARIABLES.forEach(e::remove);
        e.remove("JVM_ARGS");
        e.put("HEAP", "-Xms128m -Xmx512m");
        e.putAll(env);
        e.put("PERF_LOCUST_LOG", dir.resolve("evidence/campaign-responses.log").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        JMeterServer s = new JMeterServer(p, port, dir);
        s.awaitListening(Duration.ofSeconds(90));
        return s;
    }

    /** {@code 127.0.0.1:<port>} for the client's {@code -R}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    private void awaitListening(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        Path out = dir.resolve("stdout.log");
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jmeter-server exited " + process.exitValue() + ": "
                        + Files.readString(out) + Files.readString(dir.resolve("stderr.log")));
            }
            // JMeter prints "Created remote object" once the RMI object is bound.
            if (Files.exists(out) && Files.readString(out).contains("Created remote object")) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "jmeter-server on port " + port + " did not start within " + timeout + ": " + Files.readString(out));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's JVM, to kill it as a crash would. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

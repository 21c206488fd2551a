package africa.easymo.perf.testplans.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A private Xvfb display for GUI tests. Xvfb picks a free display number itself ({@code -displayfd}), so parallel
 * builds never collide, and nothing listens on TCP.
 */
public final class VirtualDisplay implements AutoCloseable {
    private final Process xvfb;
    private final String display;

    private VirtualDisplay(Process xvfb, String display) {
        this.xvfb = xvfb;
        this.display = display;
    }

    /** The Xvfb executable on the PATH, if installed (Debian package {@code xvfb}). */
    public static Optional<Path> xvfb() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "Xvfb");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts Xvfb with one screen of the given size; fails when it does not report a display in 30 s. */
    public static VirtualDisplay start(int width, int height) throws IOException, InterruptedException {
        Path exe = xvfb().orElseThrow(() -> new IllegalStateException("Xvfb is not installed"));
        Process p = new ProcessBuilder(exe.toString(), "-displayfd", "1", "-screen", "0", width + "x" + height + "x24",
                "-nolisten", "tcp", "-noreset").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String n = number.get(30, TimeUnit.SECONDS);
            if (n == null || !n.trim().matches("\\d+")) {
                throw new IllegalStateException("Xvfb did not report a display number (got " + n + ")");
            }
            return new VirtualDisplay(p, ":" + n.trim());
        } catch (Exception e) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Xvfb failed to start: " + e.getMessage(), e);
        }
    }

    /** The value for {@code DISPLAY}, e.g. {@code :99}. */
    public String display() {
        return display;
    }

    @Override
    public void close() {
        xvfb.destroy();
        try {
            if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
                xvfb.destroyForcibly();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            xvfb.destroyForcibly();
        }
    }
}

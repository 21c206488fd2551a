package africa.easymo.perf.sandbox.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An initialised, cleanly shut down PostgreSQL data directory kept under the temp folder, copied for every embedded
 * start. {@code initdb} is most of an embedded start (several seconds on a busy machine); copying its result is a
 * fraction of that, and tests start many sandboxes.
 */
final class PgDataTemplate {
    private static final String BINARIES = "/postgres-linux-x86_64.txz";
    private static final Object LOCK = new Object();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final Pattern COPY_NAME = Pattern.compile("pgdata-[0-9]+");
    /** A copy younger than this may be about to start: never swept. */
    private static final long SWEEP_MIN_AGE_MILLIS = 10 * 60_000L;

    private PgDataTemplate() {
    }

    /** Root of the sandbox's temp folders. */
    static Path root() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "easymo-perf-sandbox");
    }

    /**
     * A fresh copy of the template in a new temp directory, or {@code null} when no template can be made here (then the
     * caller lets the embedded server run initdb itself).
     */
    static Path freshCopy() {
        if (SWEPT.compareAndSet(false, true)) {
            sweepStale();
        }
        try {
            Path template = template();
            if (template == null) {
                return null;
            }
            Path copy = Files.createTempDirectory(root(), "pgdata-");
            try {
                copyTree(template, copy);
            } catch (IOException | RuntimeException e) {
                delete(copy);
                throw e;
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path template() throws IOException {
        String key = binariesKey();
        if (key == null) {
            return null;
        }
        synchronized (LOCK) {
            Path template = root().resolve("pgdata-template-" + key);
            if (Files.exists(template.resolve("postgresql.conf"))) {
                return template;
            }
            Files.createDirectories(root());
            Path building = Files.createTempDirectory(root(), "pgdata-building-");
            try {
                try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(building.toFile())
                        .setCleanDataDirectory(false).start()) {
                    // initdb ran; starting and stopping once leaves a cleanly shut down cluster.
                    pg.getPort();
                }
                Files.deleteIfExists(building.resolve("epg-lock"));
                // Another JVM may have won the race; either way a complete template exists afterwards.
                try {
                    Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException lost) {
                    delete(building);
                }
            } catch (IOException | RuntimeException e) {
                delete(building);
                throw e;
            }
            return template;
        }
    }

    /** Identifies the PostgreSQL binaries on the classpath, so a template never outlives a version change. */
    private static String binariesKey() throws IOException {
        URL url = PgDataTemplate.class.getResource(BINARIES);
        if (url == null) {
            return null;
        }
        long size = url.openConnection().getContentLengthLong();
        return size > 0 ? Long.toString(size) : null;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals("epg-lock")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Deletes copies left behind by processes that died without closing their sandbox (killed, not stopped). A copy in
     * use is locked by its embedded server ({@code epg-lock}); only old, unlocked copies go.
     */
    static void sweepStale() {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> COPY_NAME.matcher(d.getFileName().toString()).matches()).forEach(d -> {
                try {
                    if (now - Files.getLastModifiedTime(d).toMillis() < SWEEP_MIN_AGE_MILLIS || locked(d)) {
                        return;
                    }
                    delete(d);
                } catch (IOException | RuntimeException e) {
                    // Leave it: someone else may be sweeping or using it.
                }
            });
        } catch (IOException e) {
            // Nothing to sweep.
        }
    }

    private static boolean locked(Path dir) throws IOException {
        Path lockFile = dir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** Forgets the template (e.g. a copy of it did not start), so the next start builds a new one. */
    static void invalidate() {
        try {
            String key = binariesKey();
            if (key != null) {
                synchronized (LOCK) {
                    Path template = root().resolve("pgdata-template-" + key);
                    Path doomed = root().resolve("pgdata-doomed-" + System.nanoTime());
                    Files.move(template, doomed, StandardCopyOption.ATOMIC_MOVE);
                    delete(doomed);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Someone else replaced or removed it already.
        }
    }

    /** Deletes a directory tree, best effort. */
    static void delete(Path dir) {
        // A second pass catches files a stopping server wrote while the first pass ran.
        for (int attempt = 0; attempt < 3 && dir != null && Files.exists(dir); attempt++) {
            deleteOnce(dir);
        }
    }

    private static void deleteOnce(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Leftovers in the temp folder are harmless; the next start uses a new directory.
        }
    }
}

package africa.easymo.perf.seed;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks on a pool with at most {@code window} in flight and hands their results to a sink in submission order, so
 * memory stays bounded however many tasks there are (a million-target teardown or verify) and output stays in plan
 * order.
 */
final class InOrderParallel {
    private InOrderParallel() {
    }

    /**
     * @throws RuntimeException
     *             the first task's failure (unwrapped), after which no further task is started
     */
    static <T> void run(ExecutorService pool, int window, Iterator<Supplier<T>> tasks, Consumer<T> sink) {
        Deque<CompletableFuture<T>> inFlight = new ArrayDeque<>();
        try {
            while (tasks.hasNext() || !inFlight.isEmpty()) {
                while (tasks.hasNext() && inFlight.size() < window) {
                    inFlight.add(CompletableFuture.supplyAsync(tasks.next(), pool));
                }
                sink.accept(inFlight.removeFirst().join());
            }
        } catch (CompletionException e) {
            inFlight.forEach(f -> f.cancel(false));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

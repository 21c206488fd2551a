package africa.easymo.perf.seed;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap the run really needed: the largest heap occupancy right after a garbage collection (what was live), not
 * the pools' peaks, which count garbage waiting to be collected.
 */
final class HeapWatch implements AutoCloseable {
    private final AtomicLong peakLive = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    /** GcInfo reports metaspace and code cache too; only the heap counts. */
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();
    private final NotificationListener listener = (n, h) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                .from((CompositeData) n.getUserData());
        long used = 0;
        for (java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        peakLive.accumulateAndGet(used, Math::max);
    };

    HeapWatch() {
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    /** Peak live heap after a collection; the current occupancy when no collection ran. */
    long peakLiveBytes() {
        if (collections.get() == 0) {
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
        }
        return peakLive.get();
    }

    long collections() {
        return collections.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}

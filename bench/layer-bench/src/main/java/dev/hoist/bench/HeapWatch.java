package dev.hoist.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/** Heap use of this JVM: the heap pools' peaks, and the most in use right after a GC. */
final class HeapWatch {
  private long liveAfterGc;

  private HeapWatch() {}

  static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code")
              && !e.getKey().contains("Compressed")) {
            used += e.getValue().getUsed();
          }
        }
        synchronized (watch) {
          watch.liveAfterGc = Math.max(watch.liveAfterGc, used);
        }
      }, null, null);
    }
    return watch;
  }

  /** The sum of the heap pools' peak use since the JVM started. */
  long peak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  synchronized long liveAfterGc() {
    return liveAfterGc;
  }
}

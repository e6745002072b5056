package dev.hoist.internal.runtime;

/**
 * Pauses between polls that start short and double up to a ceiling: what a waiter for a file
 * or a record (a container's start, its exit, new log lines) uses, so that a short-lived
 * container is seen within a millisecond or two while a long wait costs no more polls than a
 * fixed period would. A change made in this JVM ({@link #wakeAll}: the container store's writes,
 * an attached reader's end) ends every pause at once, so that a waiter in the same process as the
 * writer (the Engine API service, whose monitor steps record starts and exits) is notified
 * rather than finding it on its next poll; a change made by another process is found by polling.
 * Not thread-safe: one per waiting loop.
 */
public final class Backoff {
  private static final Object CHANGES = new Object();
  private static long changes; // guarded by CHANGES

  private final long first;
  private final long ceiling;
  private long next;
  private long seen;

  /** Pauses of {@code firstMillis}, doubled each time, {@code ceilingMillis} at most. */
  public Backoff(long firstMillis, long ceilingMillis) {
    if (firstMillis < 1 || ceilingMillis < firstMillis) {
      throw new IllegalArgumentException("a backoff needs 1 <= first <= ceiling");
    }
    this.first = firstMillis;
    this.ceiling = ceilingMillis;
    this.next = firstMillis;
    this.seen = changeCount();
  }

  /**
   * Sleeps the next pause, or less: it ends when this JVM {@linkplain #wakeAll changes
   * something}, and at once when it did since the last pause ended (the poll before this pause
   * may have missed it).
   */
  public void pause() throws InterruptedException {
    long deadline = System.nanoTime() + next * 1_000_000L;
    synchronized (CHANGES) {
      while (changes == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        CHANGES.wait(left / 1_000_000L, (int) (left % 1_000_000L));
      }
      seen = changes;
    }
    next = Math.min(ceiling, next * 2);
  }

  /** Back to the first pause (something happened: more may follow soon). */
  public void reset() {
    next = first;
  }

  /** Something waiters may poll for changed in this JVM: every pause ends now. */
  public static void wakeAll() {
    synchronized (CHANGES) {
      changes++;
      CHANGES.notifyAll();
    }
  }

  private static long changeCount() {
    synchronized (CHANGES) {
      return changes;
    }
  }
}

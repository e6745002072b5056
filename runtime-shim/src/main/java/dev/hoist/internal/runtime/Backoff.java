package dev.hoist.internal.runtime;

/**
 * Pauses between polls that start short and double up to a ceiling: what a waiter for a file
 * or a record (a container's start, its exit, new log lines) uses, so that a short-lived
 * container is seen within a millisecond or two while a long wait costs no more polls than a
 * fixed period would. Not thread-safe: one per waiting loop.
 */
public final class Backoff {
  private final long first;
  private final long ceiling;
  private long next;

  /** Pauses of {@code firstMillis}, doubled each time, {@code ceilingMillis} at most. */
  public Backoff(long firstMillis, long ceilingMillis) {
    if (firstMillis < 1 || ceilingMillis < firstMillis) {
      throw new IllegalArgumentException("a backoff needs 1 <= first <= ceiling");
    }
    this.first = firstMillis;
    this.ceiling = ceilingMillis;
    this.next = firstMillis;
  }

  /** Sleeps the next pause. */
  public void pause() throws InterruptedException {
    Thread.sleep(next);
    next = Math.min(ceiling, next * 2);
  }

  /** Back to the first pause (something happened: more may follow soon). */
  public void reset() {
    next = first;
  }
}

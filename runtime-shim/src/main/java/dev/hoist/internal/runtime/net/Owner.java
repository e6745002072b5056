package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.HostProcess;
import java.util.Optional;

/**
 * The process an address is held for: while it lives the address is in use; once it is gone
 * (a build killed with SIGKILL never released its address) the next attach removes what it
 * left. The start time tells a reused PID from the original process.
 *
 * @param pid host PID
 * @param started the process's start time as {@link ProcessHandle.Info#startInstant} gives it
 *     (empty when unknown)
 */
public record Owner(long pid, String started) {

  /** This JVM. */
  public static Owner current() {
    return of(ProcessHandle.current());
  }

  public static Owner of(ProcessHandle process) {
    return new Owner(process.pid(), startOf(process));
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Object::toString).orElse("");
  }

  /** Whether the process still runs (and is the same process, not a reused PID). */
  public boolean alive() {
    if (pid <= 0) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    return p.isPresent() && p.get().isAlive() && HostProcess.running(pid)
        && startOf(p.get()).equals(started);
  }
}

package dev.hoist.internal.runtime;

/**
 * How the JVM starts processes, for the programs that start many short ones (the CLI, the
 * monitor's steps): the network helper, the shim, runc.
 */
public final class ProcessStarts {
  private static final String MECHANISM = "jdk.lang.Process.launchMechanism";

  private ProcessStarts() {}

  /**
   * Processes started with vfork instead of through JDK 17's {@code jspawnhelper}, an extra
   * exec per process (measured: 5.7 ms per start of {@code /bin/true} against 13 ms, on the
   * 2-core machine under load). Only where the JDK has vfork undeprecated (up to 21; later ones
   * warn on every run), and unless the property is set already. Must run before the JDK's
   * process class is first used: first thing in {@code main}.
   */
  public static void preferVfork() {
    if (java.lang.Runtime.version().feature() <= 21 && System.getProperty(MECHANISM) == null) {
      System.setProperty(MECHANISM, "VFORK");
    }
  }
}

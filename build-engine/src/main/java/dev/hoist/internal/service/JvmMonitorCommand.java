package dev.hoist.internal.service;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.MonitorStep;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's steps around a detached container ({@link MonitorStep}: start, exit) in a small
 * JVM each, which runs only while the step does: {@code java} of a given Java home, a given
 * class path (one that holds hoist's jars) and, when there is one, a class-data archive that
 * starts it faster. The program that uses hoist makes it: the CLI from
 * its own jar and the archive beside it, an embedder from its class path.
 */
public record JvmMonitorCommand(Path java, String classPath, Optional<Path> sharedArchive)
    implements MonitorCommand {
  /** Flags that keep a short-lived JVM small and quick to start. */
  private static final List<String> SMALL_JVM = List.of(
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms4m", "-Xmx64m",
      "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Xss512k",
      "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:cds=off",
      "-Xlog:disable");

  /** This JVM's {@code java} and class path, no archive. */
  public static JvmMonitorCommand thisJvm() {
    return new JvmMonitorCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"), Optional.empty());
  }

  /** This command with the class-data archive {@code archive}. */
  public JvmMonitorCommand withSharedArchive(Path archive) {
    return new JvmMonitorCommand(java, classPath, Optional.of(archive));
  }

  @Override
  public List<String> command(HoistHome home, String id) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(SMALL_JVM);
    sharedArchive.ifPresent(a -> command.add("-XX:SharedArchiveFile=" + a));
    command.addAll(List.of("-cp", classPath, MonitorStep.class.getName(),
        home.root().toString(), id));
    return command;
  }
}

package dev.hoist.cli;

import dev.hoist.internal.service.JvmMonitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the CLI's monitor runs the steps around a detached container (start, exit): a small JVM
 * on the CLI's own class path ({@code MonitorStep}), with the launcher's class-data archive when one lies beside
 * the jar ({@code hoist.jsa} beside {@code hoist.jar}).
 */
final class CliMonitor {
  private CliMonitor() {}

  static JvmMonitorCommand command() {
    JvmMonitorCommand jvm = JvmMonitorCommand.thisJvm();
    String classPath = jvm.classPath();
    if (classPath.endsWith(".jar")) {
      Path archive = Path.of(classPath.substring(0, classPath.length() - 4) + ".jsa");
      if (Files.isReadable(archive)) {
        return jvm.withSharedArchive(archive);
      }
    }
    return jvm;
  }
}

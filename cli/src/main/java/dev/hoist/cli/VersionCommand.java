package dev.hoist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoist version}: as {@code docker version} prints its client section. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Show version information.")
final class VersionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    print(spec.commandLine().getOut());
    return 0;
  }

  /** The client section, as {@code docker version} prints it (also without picocli). */
  static void print(PrintWriter out) throws IOException {
    String[] version = new VersionProvider().getVersion();
    out.println("Client: hoist (daemonless, no server)");
    out.println(" Version:     " + version[0].substring("hoist ".length()));
    out.println(" Java:        " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vendor") + ")");
    out.println(" OS/Arch:     " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT)
        + "/" + dev.hoist.cache.model.Platform.host().architecture());
  }
}

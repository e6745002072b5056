package dev.hoist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist version}: as {@code docker version} prints its client section. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Show version information.")
final class VersionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "Format the output: 'json', or a Go template (e.g. '{{.Client.Version}}').")
  String format;

  @Override
  public Integer call() throws IOException {
    if (format == null || format.isEmpty()) {
      print(spec.commandLine().getOut());
    } else {
      ListFormat.printObject(spec.commandLine().getOut(), format, data());
    }
    return 0;
  }

  /**
   * What {@code --format} sees: docker's {@code version} shape ({@code .Client.Version},
   * {@code .Client.Os}, {@code .Client.Arch}); hoist has no server, so {@code .Server} is nil,
   * and the Java runtime stands where docker's client has {@code GoVersion}.
   */
  static JsonNode data() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode client = root.putObject("Client");
    client.putObject("Platform").put("Name", "hoist");
    client.put("Version", new VersionProvider().getVersion()[0].substring("hoist ".length()));
    client.put("JavaVersion", System.getProperty("java.version"));
    client.put("Os", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
    client.put("Arch", dev.hoist.cache.model.Platform.host().architecture());
    client.put("Context", "default");
    root.putNull("Server");
    return root;
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

package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.service.SystemService;
import dev.hoist.internal.service.docker.InfoShape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist info}: as {@code docker info} shows. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show system-wide information: store, images, containers, runtimes, cgroups.")
final class InfoCommand implements Callable<Integer> {
  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "'json', or a Go template over docker's info fields (e.g. "
          + "'{{.ContainersRunning}}').")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SystemService.Info info = Cli.hoist(spec).system().info();
    if (format != null && !format.isEmpty()) {
      ListFormat.printObject(spec.commandLine().getOut(), format, data(info));
      return 0;
    }
    ContentStore.Usage usage = info.usage();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Client: hoist " + new VersionProvider().getVersion()[0].substring(6));
    out.println(" Store:            " + info.store());
    out.println(" Store size:       " + Sizes.human(usage.bytes()) + " in " + usage.blobs()
        + " blobs" + (usage.recipes() == 0 ? "" : " (" + usage.recipes() + " built layers of "
        + Sizes.human(usage.recipeBlobBytes()) + " kept as their snapshots)"));
    out.println(" Images:           " + info.images() + " (" + info.tags() + " tags)");
    SystemService.ContainerCounts containers = info.containers();
    out.println(" Containers:       " + containers.total());
    out.println("  Running:         " + containers.running());
    out.println("  Paused:          " + containers.paused());
    out.println("  Stopped:         " + containers.stopped());
    String runtimes = info.runtimes().stream().map(Path::toString)
        .collect(Collectors.joining(", "));
    out.println(" OCI runtimes:     " + (runtimes.isEmpty() ? "none found on PATH" : runtimes));
    out.println(" Cgroup version:   " + info.cgroups());
    out.println(" Registries:       none configured (docker.io is the default)");
    out.println(" Operating system: " + info.operatingSystem());
    out.println(" CPUs:             " + info.cpus());
    if (info.engineApiServices().isEmpty()) {
      out.println(" Engine API service: none running (hoist system service)");
    }
    info.engineApiServices().forEach(uri -> out.println(" Engine API service: " + uri));
    return 0;
  }

  /**
   * What {@code --format} sees: the fields of docker's {@code system.Info} hoist can fill, named
   * and ordered as the Engine API's {@code SystemInfo}; hoist's own store size as
   * {@code .StoreSize}.
   */
  static ObjectNode data(SystemService.Info info) throws IOException {
    return InfoShape.of(info, new VersionProvider().getVersion()[0].substring(6));
  }
}

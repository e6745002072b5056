package dev.hoist.cli;

import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoist info}: as {@code docker info} shows. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show system-wide information: store, images, containers, runtimes, cgroups.")
final class InfoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SystemService.Info info = Cli.hoist(spec).system().info();
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
    return 0;
  }
}

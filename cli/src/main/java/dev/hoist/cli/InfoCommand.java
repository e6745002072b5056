package dev.hoist.cli;

import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.TaggedImage;
import java.util.List;
import dev.hoist.cache.store.ContentStore;
import dev.hoist.runtime.CgroupLayout;
import dev.hoist.runtime.ContainerState;
import dev.hoist.runtime.OciRuntimes;
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
    ImageStore store = LocalStore.open(spec);
    ContentStore blobs = store.blobs();
    ContentStore.Usage usage = blobs.usage();
    List<TaggedImage> tags = store.list();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Client: hoist " + new VersionProvider().getVersion()[0].substring(6));
    out.println(" Store:            " + store.home().root());
    out.println(" Store size:       " + Sizes.human(usage.bytes()) + " in " + usage.blobs()
        + " blobs" + (usage.recipes() == 0 ? "" : " (" + usage.recipes() + " built layers of "
        + Sizes.human(usage.recipeBlobBytes()) + " kept as their snapshots)"));
    long images = tags.stream().map(t -> t.manifest().digest()).distinct().count()
        + store.untagged().size(); // dangling ones too, as docker info counts them
    out.println(" Images:           " + images + " (" + tags.size() + " tags)");
    containers(out, Cli.hoist(spec).containers().list());
    String runtimes = OciRuntimes.onPath().stream().map(Path::toString)
        .collect(Collectors.joining(", "));
    out.println(" OCI runtimes:     " + (runtimes.isEmpty() ? "none found on PATH" : runtimes));
    out.println(" Cgroup version:   " + CgroupLayout.detect().description());
    out.println(" Registries:       none configured (docker.io is the default)");
    out.println(" Operating system: " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    out.println(" CPUs:             " + Runtime.getRuntime().availableProcessors());
    return 0;
  }

  /** As docker info: the total, then how many run, are paused and are stopped. */
  private static void containers(PrintWriter out, List<ContainerState> all) {
    out.println(" Containers:       " + all.size());
    out.println("  Running:         " + count(all, ContainerState.Status.RUNNING));
    out.println("  Paused:          " + count(all, ContainerState.Status.PAUSED));
    out.println("  Stopped:         " + (count(all, ContainerState.Status.EXITED)
        + count(all, ContainerState.Status.CREATED)));
  }

  private static long count(List<ContainerState> all, ContainerState.Status status) {
    return all.stream().filter(c -> c.status() == status).count();
  }
}

package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.ImageSummary;
import dev.hoist.internal.service.SystemService;
import dev.hoist.internal.service.list.ContainerSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system df}: disk use of the local store, as {@code docker system df}. Images
 * counts tagged and dangling images; ACTIVE and RECLAIMABLE are what a prune keeps and frees.
 * The rows are docker's {@code diskUsage*Context}s ({@code .Type .TotalCount .Active .Size
 * .Reclaimable}) with hoist's kinds: images, blobs, build cache, layer snapshots. {@code -v}
 * lists images, containers and volumes as docker's does, through their rows.
 */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show how much disk the local store uses, and how much a prune would free.")
final class SystemDfCommand implements Callable<Integer> {
  static final String TABLE =
      "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
  static final Map<String, String> HEADERS = Map.of("Type", "TYPE", "TotalCount", "TOTAL",
      "Active", "ACTIVE", "Size", "SIZE", "Reclaimable", "RECLAIMABLE");
  static final String IMAGES_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t"
      + "{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
  static final String CONTAINERS_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t"
      + "{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
  static final String VOLUMES_TABLE = "table {{.Name}}\t{{.Links}}\t{{.Size}}";

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'table TEMPLATE', 'json' or a Go template over .Type .TotalCount .Active "
          + ".Size .Reclaimable (with -v: over .Images .Containers .Volumes .BuildCache).")
  String format;

  @Option(names = {"-v", "--verbose"},
      description = "List the images, containers and volumes and what each uses.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    boolean table = format == null || format.isEmpty() || format.equals("table");
    if (verbose) {
      verbose(table);
      return 0;
    }
    SystemService.DiskUsage usage = Cli.hoist(spec).system().diskUsage();
    List<GoStruct> rows = List.of(row("Images", usage.images()), row("Blobs", usage.blobs()),
        row("Build Cache", usage.buildCache()),
        row("Layer snapshots", Long.toString(usage.snapshots().total()), "-",
            Sizes.human(usage.snapshots().bytes()), "-"));
    ListFormat.print(spec.commandLine().getOut(), table ? TABLE : format, rows, HEADERS);
    return 0;
  }

  /**
   * docker's verbose disk usage: as tables under their titles, or a template run once over
   * {@code .Images .Containers .Volumes .BuildCache} (hoist lists no build-cache entries).
   */
  private void verbose(boolean table) throws IOException {
    SystemService.DetailedUsage detail = Cli.hoist(spec).system().detailedUsage();
    Instant now = Instant.now();
    List<GoStruct> images = new ArrayList<>();
    for (ImageSummary i : detail.images()) {
      images.add(ImageRow.of(i, table, false, now,
          detail.containersByImage().getOrDefault(i.id(), 0L)));
    }
    List<GoStruct> rows = detail.containers().stream().map(c -> ContainerRow.of(
        withoutVirtual(c), table, now)).toList();
    List<GoStruct> volumes = detail.volumes().stream().map(v -> VolumeRow.of(v, true))
        .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (!table) {
      ObjectNode all = JsonNodeFactory.instance.objectNode();
      all.putArray("Images").addAll(images);
      all.putArray("Containers").addAll(rows);
      all.putArray("Volumes").addAll(volumes);
      all.putArray("BuildCache");
      ListFormat.printObject(out, format, all);
      return;
    }
    out.print("Images space usage:\n\n");
    ListFormat.print(out, IMAGES_TABLE, images, ImageRow.HEADERS);
    out.print("\nContainers space usage:\n\n");
    ListFormat.print(out, CONTAINERS_TABLE, rows, ContainerRow.HEADERS);
    out.print("\nLocal Volumes space usage:\n\n");
    ListFormat.print(out, VOLUMES_TABLE, volumes, VolumeRow.HEADERS);
    out.print("\nBuild cache usage: " + Sizes.docker(detail.totals().buildCache().bytes(), 4) + "\n");
    out.flush();
  }

  /** docker's {@code df -v} shows a container's own layer, not its virtual size. */
  private static ContainerSummary withoutVirtual(ContainerSummary c) {
    return new ContainerSummary(c.id(), c.names(), c.image(), c.imageId(), c.command(),
        c.created(), c.state(), c.status(), c.ports(), c.labels(), c.mounts(), c.networks(),
        c.sizeRw(), null, c.health(), c.exitCode(), c.startedOnce());
  }

  private static GoStruct row(String type, SystemService.Usage usage) {
    return row(type, Long.toString(usage.total()), Long.toString(usage.active()),
        Sizes.human(usage.bytes()), Sizes.human(usage.reclaimable()));
  }

  private static GoStruct row(String type, String total, String active, String size,
      String reclaimable) {
    return GoStruct.of("*formatter.diskUsageContext").field("Type", type)
        .field("TotalCount", total).field("Active", active).field("Size", size)
        .field("Reclaimable", reclaimable).build();
  }
}

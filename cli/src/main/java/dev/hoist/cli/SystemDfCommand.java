package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.SystemService;
import java.io.IOException;
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
 * .Reclaimable}) with hoist's kinds: images, blobs, build cache, layer snapshots.
 */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show how much disk the local store uses, and how much a prune would free.")
final class SystemDfCommand implements Callable<Integer> {
  static final String TABLE =
      "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
  static final Map<String, String> HEADERS = Map.of("Type", "TYPE", "TotalCount", "TOTAL",
      "Active", "ACTIVE", "Size", "SIZE", "Reclaimable", "RECLAIMABLE");

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'table TEMPLATE', 'json' or a Go template over .Type .TotalCount .Active "
          + ".Size .Reclaimable.")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SystemService.DiskUsage usage = Cli.hoist(spec).system().diskUsage();
    List<GoStruct> rows = List.of(row("Images", usage.images()), row("Blobs", usage.blobs()),
        row("Build Cache", usage.buildCache()),
        row("Layer snapshots", Long.toString(usage.snapshots().total()), "-",
            Sizes.human(usage.snapshots().bytes()), "-"));
    ListFormat.print(spec.commandLine().getOut(),
        format == null || format.isEmpty() || format.equals("table") ? TABLE : format, rows,
        HEADERS);
    return 0;
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

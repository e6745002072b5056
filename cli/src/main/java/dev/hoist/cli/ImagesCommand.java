package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.ImageSummary;
import dev.hoist.internal.service.list.Filters;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist images [REPOSITORY[:TAG]]}: the local images, as {@code docker images} lists them
 * (its flags, filters, columns and {@code --format}); the rows are {@link ImageRow}s.
 */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List local images.")
final class ImagesCommand implements Callable<Integer> {
  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
  boolean quiet;

  @Option(names = {"-a", "--all"},
      description = "Show all images (hoist keeps no intermediate images: the same list).")
  boolean all;

  @Option(names = "--no-trunc", description = "Show full image IDs.")
  boolean noTrunc;

  @Option(names = "--digests", description = "Show digests.")
  boolean digests;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter: dangling, label, reference, before, since.")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'table TEMPLATE', 'json' or a Go template over .ID .Repository .Tag ….")
  String format;

  @Parameters(paramLabel = "REPOSITORY[:TAG]", arity = "0..1",
      description = "Only the images this names (a reference filter).")
  String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<String> selection = new ArrayList<>(filters);
    if (reference != null) {
      selection.add("reference=" + reference);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (quiet && selection.isEmpty() && (format == null || format.isEmpty()
        || format.equals("table"))) {
      // the IDs are in the manifests: no config is read (the store's order, not newest first)
      Cli.hoist(spec).images().lineIds().forEach(id -> out.println(noTrunc ? id
          : id.substring(id.indexOf(':') + 1, id.indexOf(':') + 13)));
      return 0;
    }
    List<ImageSummary> images;
    try {
      images = Cli.hoist(spec).images().list(Filters.parse(selection));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    String shown = format(format, quiet, digests);
    boolean digest = digests || shown.contains("{{.Digest}}");
    Instant now = Instant.now();
    List<GoStruct> rows = images.stream().map(i -> ImageRow.of(i, !noTrunc, digest, now))
        .toList();
    ListFormat.print(out, shown, rows, ImageRow.HEADERS);
    return 0;
  }

  /** docker/cli's {@code NewImageFormat}: the default table, -q, --digests. */
  static String format(String format, boolean quiet, boolean digests) {
    if (format == null || format.isEmpty() || format.equals("table")) {
      return quiet ? "{{.ID}}" : digests ? ImageRow.TABLE_WITH_DIGEST : ImageRow.TABLE;
    }
    if (format.startsWith("table") && digests && !format.contains("{{.Digest}}")) {
      return format + "\t{{.Digest}}";
    }
    return format;
  }
}

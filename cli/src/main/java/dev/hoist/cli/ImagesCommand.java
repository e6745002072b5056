package dev.hoist.cli;

import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.ImageSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist images}: the local images, as {@code docker images} lists them. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List local images.")
final class ImagesCommand implements Callable<Integer> {
  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Show full image IDs.")
  boolean noTrunc;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageService images = Cli.hoist(spec).images();
    PrintWriter out = spec.commandLine().getOut();
    if (quiet) { // the IDs are in the manifests: no config is read
      images.ids().forEach(id -> out.println(shown(id)));
      return 0;
    }
    Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    for (ImageSummary image : images.list()) {
      table.row(image.repository(), image.tag(), shown(image.id()),
          Times.ago(image.created()), Sizes.human(image.size()));
    }
    table.print(out);
    return 0;
  }

  /** An image ID as shown: 12 hex digits, or whole with --no-trunc. */
  private String shown(String id) {
    return noTrunc ? id : id.substring(7, 19);
  }
}

package dev.hoist.cli;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
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
    ImageStore store = LocalStore.open();
    ImageReader reader = new ImageReader(store.blobs());
    PrintWriter out = spec.commandLine().getOut();
    Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    Set<String> ids = new LinkedHashSet<>();
    for (TaggedImage tagged : store.list()) {
      row(table, ids, tagged.name().familiarRepository(),
          tagged.name().tag() == null ? "<none>" : tagged.name().tag(),
          reader.image(tagged.manifest(), Platform.host()));
    }
    for (Descriptor dangling : store.untagged()) { // built without -t: as Docker shows them
      row(table, ids, "<none>", "<none>", reader.image(dangling, Platform.host()));
    }
    if (quiet) {
      ids.forEach(out::println);
    } else {
      table.print(out);
    }
    return 0;
  }

  private void row(Table table, Set<String> ids, String repository, String tag,
      LocalImage image) {
    String id = noTrunc ? image.id() : image.id().substring(7, 19);
    ids.add(id);
    table.row(repository, tag, id, Times.ago(image.config().created()), Sizes.human(image.size()));
  }
}

package dev.hoist.cli;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    ImageStore store = LocalStore.open(spec);
    ImageReader reader = new ImageReader(store.blobs());
    PrintWriter out = spec.commandLine().getOut();
    List<Listed> images = new ArrayList<>();
    for (TaggedImage tagged : store.list()) {
      images.add(new Listed(tagged.name().familiarRepository(),
          tagged.name().tag() == null ? "<none>" : tagged.name().tag(), tagged.manifest()));
    }
    for (Descriptor dangling : store.untagged()) { // built without -t: as Docker shows them
      images.add(new Listed("<none>", "<none>", dangling));
    }
    if (quiet) { // the IDs are in the manifests: no config is read
      Set<String> ids = new LinkedHashSet<>();
      for (Listed image : images) {
        ids.add(shown(reader.imageId(image.manifest(), Platform.host()).toString()));
      }
      ids.forEach(out::println);
      return 0;
    }
    Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    for (Listed listed : images) {
      LocalImage image = reader.image(listed.manifest(), Platform.host());
      table.row(listed.repository(), listed.tag(), shown(image.id()),
          Times.ago(image.config().created()), Sizes.human(image.size()));
    }
    table.print(out);
    return 0;
  }

  /** A line of the list: a tag, or an untagged image. */
  private record Listed(String repository, String tag, Descriptor manifest) {}

  /** An image ID as shown: 12 hex digits, or whole with --no-trunc. */
  private String shown(String id) {
    return noTrunc ? id : id.substring(7, 19);
  }
}

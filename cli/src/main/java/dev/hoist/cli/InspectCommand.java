package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist inspect IMAGE…}: manifest and config as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show images' manifests and configs as JSON.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IMAGE", arity = "1..*") List<String> images;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageStore store = LocalStore.open();
    ImageReader reader = new ImageReader(store.blobs());
    ArrayNode result = CanonicalJson.mapper().createArrayNode();
    List<TaggedImage> tagged = store.list();
    for (String reference : images) {
      Descriptor manifest = LocalStore.require(store, reference);
      LocalImage image = reader.image(manifest, Platform.host());
      ObjectNode node = result.addObject();
      node.put("Id", image.id());
      ArrayNode tags = node.putArray("RepoTags");
      for (TaggedImage t : tagged) {
        if (t.manifest().digest().equals(manifest.digest())) {
          tags.add(t.name().familiar());
        }
      }
      node.put("ManifestDigest", image.manifestDescriptor().digest().toString());
      node.put("ManifestMediaType", image.manifestDescriptor().mediaType());
      node.put("Size", image.size());
      node.set("Manifest", CanonicalJson.mapper().valueToTree(image.manifest()));
      node.set("Config", CanonicalJson.mapper().valueToTree(image.config()));
    }
    spec.commandLine().getOut().println(CanonicalJson.pretty(result));
    return 0;
  }
}

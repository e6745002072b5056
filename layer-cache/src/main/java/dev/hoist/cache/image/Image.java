package dev.hoist.cache.image;

import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One single-platform image: its manifest, its config and its layers, base first, as
 * go-containerregistry's {@code v1.Image} has them. Adapters: {@link StoreImages} (the local
 * store), the registry client's {@code RemoteImages}, and {@link Mutate}'s changed copies.
 */
public interface Image extends Artifact {
  /** The parsed manifest. */
  default ImageManifest manifest() throws IOException {
    return CanonicalJson.read(rawManifest(), ImageManifest.class, "image manifest");
  }

  /** The config blob, as the manifest names it. */
  Blob configBlob() throws IOException;

  /** The exact bytes of the config. */
  default byte[] rawConfig() throws IOException {
    try (InputStream in = configBlob().open(0)) {
      return in.readAllBytes();
    }
  }

  /** The parsed config. */
  default ImageConfig config() throws IOException {
    return CanonicalJson.read(rawConfig(), ImageConfig.class, "image config");
  }

  /** The layers, base first, in the manifest's order. */
  List<Layer> layers() throws IOException;
}

package dev.hoist.cache.image;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One single-platform image: its manifest, its config and its layers, base first, as
 * go-containerregistry's {@code v1.Image} has them. hoist's adapters (the local store, a
 * registry, an archive) implement it, and so do {@link Mutate}'s changed copies.
 */
public interface Image extends Artifact {
  /**
   * The parsed manifest.
   *
   * @return the manifest
   * @throws IOException when the source cannot be read
   */
  default ImageManifest manifest() throws IOException {
    return CanonicalJson.read(rawManifest(), ImageManifest.class, "image manifest");
  }

  /**
   * The config blob, as the manifest names it.
   *
   * @return the config blob
   * @throws IOException when the source cannot be read
   */
  Blob configBlob() throws IOException;

  /**
   * The exact bytes of the config.
   *
   * @return the bytes
   * @throws IOException when the source cannot be read
   */
  default byte[] rawConfig() throws IOException {
    try (InputStream in = configBlob().open(0)) {
      return in.readAllBytes();
    }
  }

  /**
   * The parsed config.
   *
   * @return the config
   * @throws IOException when the source cannot be read
   */
  default ImageConfig config() throws IOException {
    return CanonicalJson.read(rawConfig(), ImageConfig.class, "image config");
  }

  /**
   * The layers, base first, in the manifest's order.
   *
   * @return the layers
   * @throws IOException when the source cannot be read
   */
  List<Layer> layers() throws IOException;
}

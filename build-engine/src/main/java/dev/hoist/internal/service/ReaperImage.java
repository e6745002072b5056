package dev.hoist.internal.service;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ShimBinary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image that replaces Testcontainers' reaper (Ryuk) for a client of hoist's Engine API
 * service: one layer holding {@code /hoist-reaper} (runtime-shim's {@code hoist-reaper.c}, a
 * static program), its entrypoint, port 8080 exposed, tagged with the name Testcontainers runs
 * ({@value #TESTCONTAINERS_NAME} for Testcontainers 1.21) so that no image comes from Docker
 * Hub. The program does what Ryuk does, through the Engine API socket Testcontainers mounts in
 * it (docs/engine-api.md).
 */
public final class ReaperImage {
  /** The reaper image Testcontainers for Java 1.21 starts ({@code RyukContainer}). */
  public static final String TESTCONTAINERS_NAME = "testcontainers/ryuk:0.12.0";

  private final ImageService images;

  ReaperImage(ImageService images) {
    this.images = images;
  }

  /** Makes the image and tags it {@code name} (an existing tag is moved); its manifest. */
  public Descriptor tag(String name) throws IOException {
    ImageName tag = ImageService.name(name);
    Descriptor imported = images.importRootfs(new ByteArrayInputStream(layer()), tag,
        Platform.host());
    ImageStore store = images.store();
    ImageReader reader = new ImageReader(store.blobs());
    ImageManifest manifest = reader.manifest(imported.digest());
    ImageConfig config = reader.config(manifest.config().digest()).withConfig(
        ContainerConfig.builder()
            .entrypoint(List.of("/hoist-reaper"))
            .exposedPorts(Set.of("8080/tcp"))
            .label("org.testcontainers.reaper", "hoist-reaper")
            .build());
    byte[] configBytes = CanonicalJson.write(config);
    store.blobs().put(configBytes);
    byte[] manifestBytes = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
        Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes), manifest.layers()));
    store.blobs().put(manifestBytes);
    Descriptor descriptor = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
    store.tag(tag, descriptor);
    return descriptor;
  }

  /** The layer: {@code /hoist-reaper}, mode 0755, root's. */
  private static byte[] layer() throws IOException {
    byte[] program = ShimBinary.reaper();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(program.length + 4096);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry entry = new TarArchiveEntry("hoist-reaper");
      entry.setSize(program.length);
      entry.setMode(0100755);
      tar.putArchiveEntry(entry);
      tar.write(program);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}

package dev.hoist.internal.service;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
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
    return images.importRootfs(new ByteArrayInputStream(layer()), ImageService.name(name),
        Platform.host(), ContainerConfig.builder()
            .entrypoint(List.of("/hoist-reaper"))
            .exposedPorts(Set.of("8080/tcp"))
            .label("org.testcontainers.reaper", "hoist-reaper")
            .build());
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

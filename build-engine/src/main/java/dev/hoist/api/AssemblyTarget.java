package dev.hoist.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an {@link ImageAssembly} writes its image: a registry (blobs it has are skipped, base
 * layers mounted from the base's repository, the manifest pushed last), a tar archive (Docker's
 * {@code docker save} layout or an OCI layout), or a hoist store (tagged there).
 *
 * @param kind the kind of target
 * @param reference the image's name at the target ({@code registry/repository:tag}; for an
 *     archive or a store, the name it is tagged with)
 * @param path the archive file or the store's hoist home; null for a registry
 */
public record AssemblyTarget(Kind kind, String reference, Path path) {

  /** The kinds of target. */
  public enum Kind {
    /** A registry repository. */
    REGISTRY,
    /** A {@code docker save} tar (manifest.json, uncompressed layers), for {@code docker load}. */
    DOCKER_ARCHIVE,
    /** An OCI image layout in a tar. */
    OCI_ARCHIVE,
    /** A hoist store (a hoist home directory). */
    STORE
  }

  /**
   * Checks that the target has a reference and, but for a registry, a path.
   *
   * @param kind the kind of target; never null
   * @param reference the image's name at the target; never null
   * @param path the archive file to write, or the hoist home of a store; required unless
   *     {@code kind} is {@link Kind#REGISTRY}, where it is ignored
   * @throws NullPointerException when {@code kind} or {@code reference} is null, or {@code path}
   *     is null for an archive or a store
   */
  public AssemblyTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reference, "reference");
    if (kind != Kind.REGISTRY) {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Pushes the image to a registry: blobs it already has are skipped, the manifest pushed last.
   *
   * @param reference where to push, {@code registry/repository:tag}
   * @return the target
   * @throws NullPointerException when {@code reference} is null
   */
  public static AssemblyTarget registry(String reference) {
    return new AssemblyTarget(Kind.REGISTRY, reference, null);
  }

  /**
   * Writes a {@code docker save} archive, which {@code docker load} reads. The file is written
   * under a temporary name beside it and moved into place when complete, replacing any file
   * there.
   *
   * @param file the tar file to write
   * @param reference the name the image gets in the archive, such as {@code app:1}
   * @return the target
   * @throws NullPointerException when {@code file} or {@code reference} is null
   */
  public static AssemblyTarget dockerArchive(Path file, String reference) {
    return new AssemblyTarget(Kind.DOCKER_ARCHIVE, reference, file);
  }

  /**
   * Writes an OCI image layout as a tar. The file is written under a temporary name beside it
   * and moved into place when complete, replacing any file there.
   *
   * @param file the tar file to write
   * @param reference the name the image gets in the layout, such as {@code app:1}
   * @return the target
   * @throws NullPointerException when {@code file} or {@code reference} is null
   */
  public static AssemblyTarget ociArchive(Path file, String reference) {
    return new AssemblyTarget(Kind.OCI_ARCHIVE, reference, file);
  }

  /**
   * Stores the image in a hoist store, creating the store when it does not exist yet.
   *
   * @param home the hoist home directory of the store (as {@code HOIST_HOME})
   * @param reference the name the image is tagged with there, such as {@code app:1}
   * @return the target
   * @throws NullPointerException when {@code home} or {@code reference} is null
   */
  public static AssemblyTarget store(Path home, String reference) {
    return new AssemblyTarget(Kind.STORE, reference, home);
  }
}

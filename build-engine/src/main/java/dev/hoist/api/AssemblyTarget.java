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

  /** Checks that the target has a reference and, but for a registry, a path. */
  public AssemblyTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reference, "reference");
    if (kind != Kind.REGISTRY) {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Pushes to {@code reference} ({@code registry/repository:tag}). */
  public static AssemblyTarget registry(String reference) {
    return new AssemblyTarget(Kind.REGISTRY, reference, null);
  }

  /** Writes a {@code docker save} archive to {@code file}, the image named {@code reference}. */
  public static AssemblyTarget dockerArchive(Path file, String reference) {
    return new AssemblyTarget(Kind.DOCKER_ARCHIVE, reference, file);
  }

  /** Writes an OCI layout tar to {@code file}, the image named {@code reference}. */
  public static AssemblyTarget ociArchive(Path file, String reference) {
    return new AssemblyTarget(Kind.OCI_ARCHIVE, reference, file);
  }

  /** Stores the image in the hoist store at {@code home}, tagged {@code reference}. */
  public static AssemblyTarget store(Path home, String reference) {
    return new AssemblyTarget(Kind.STORE, reference, home);
  }
}

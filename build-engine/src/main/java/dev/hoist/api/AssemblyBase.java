package dev.hoist.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The image an {@link ImageAssembly} starts from: an image in a registry (read lazily: its
 * manifest and config are fetched, its layers never downloaded to push to the same registry),
 * an image in a hoist store, or nothing ({@link #scratch()}).
 *
 * @param kind where the base comes from
 * @param reference the image reference (registry or store), null for scratch
 * @param home the hoist home of a store base, else null
 */
public record AssemblyBase(Kind kind, String reference, Path home) {

  /** Where a base image comes from. */
  public enum Kind {
    /** A registry, read through its API. */
    REGISTRY,
    /** A hoist store (a hoist home directory). */
    STORE,
    /** No base: the image holds only the assembled layers. */
    SCRATCH
  }

  /** Checks that a registry or store base names an image. */
  public AssemblyBase {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.SCRATCH && (reference == null || reference.isBlank())) {
      throw new IllegalArgumentException("a " + kind.name().toLowerCase() + " base needs a reference");
    }
    if (kind == Kind.STORE) {
      Objects.requireNonNull(home, "home");
    }
  }

  /** The image {@code reference} ({@code registry/repository:tag} or {@code @sha256:…}) of a registry. */
  public static AssemblyBase registry(String reference) {
    return new AssemblyBase(Kind.REGISTRY, reference, null);
  }

  /** The image {@code reference} (a name or ID) of the hoist store at {@code home}. */
  public static AssemblyBase store(Path home, String reference) {
    return new AssemblyBase(Kind.STORE, reference, home);
  }

  /** No base image. */
  public static AssemblyBase scratch() {
    return new AssemblyBase(Kind.SCRATCH, null, null);
  }
}

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

  /**
   * Checks that a registry or store base names an image.
   *
   * @param kind where the base comes from; never null
   * @param reference the image reference; required (not null or blank) unless {@code kind} is
   *     {@link Kind#SCRATCH}, where it is ignored
   * @param home the hoist home directory holding a {@link Kind#STORE} base; required for a store,
   *     ignored otherwise
   * @throws NullPointerException when {@code kind} is null, or {@code home} is null for a store
   * @throws IllegalArgumentException when a registry or store base has a null or blank reference
   */
  public AssemblyBase {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.SCRATCH && (reference == null || reference.isBlank())) {
      throw new IllegalArgumentException("a " + kind.name().toLowerCase() + " base needs a reference");
    }
    if (kind == Kind.STORE) {
      Objects.requireNonNull(home, "home");
    }
  }

  /**
   * A base read from a registry. Only its manifest and config are fetched; its layers are not
   * downloaded when the target is the same registry (they are mounted there).
   *
   * @param reference the image, {@code registry/repository:tag} or
   *     {@code registry/repository@sha256:…}
   * @return the base
   * @throws IllegalArgumentException when {@code reference} is null or blank
   */
  public static AssemblyBase registry(String reference) {
    return new AssemblyBase(Kind.REGISTRY, reference, null);
  }

  /**
   * A base taken from a hoist store. {@link ImageAssembly#assemble} fails with an
   * {@link AssemblyException} when the store has no such image.
   *
   * @param home the hoist home directory of the store (as {@code HOIST_HOME})
   * @param reference the image's name or ID in that store
   * @return the base
   * @throws NullPointerException when {@code home} is null
   * @throws IllegalArgumentException when {@code reference} is null or blank
   */
  public static AssemblyBase store(Path home, String reference) {
    return new AssemblyBase(Kind.STORE, reference, home);
  }

  /**
   * No base image: the image holds only the assembled layers, with an empty config for each
   * platform asked for (this machine's when none is).
   *
   * @return the scratch base
   */
  public static AssemblyBase scratch() {
    return new AssemblyBase(Kind.SCRATCH, null, null);
  }
}

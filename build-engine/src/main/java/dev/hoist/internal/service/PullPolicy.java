package dev.hoist.internal.service;

import java.util.Locale;

/** When an image is pulled from its registry before use, as Docker's {@code --pull}. */
public enum PullPolicy {
  /** Only when the local store does not have it (Docker's default for {@code run}). */
  MISSING,
  /** Always: the registry's tag is checked; only blobs the store lacks are downloaded. */
  ALWAYS,
  /** Never: an image the store lacks is an error. */
  NEVER;

  /**
   * The policy named {@code missing}, {@code always} or {@code never}.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static PullPolicy parse(String name) {
    return switch (name) {
      case "missing" -> MISSING;
      case "always" -> ALWAYS;
      case "never" -> NEVER;
      default -> throw new IllegalArgumentException("--pull must be missing, always or never: "
          + name);
    };
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

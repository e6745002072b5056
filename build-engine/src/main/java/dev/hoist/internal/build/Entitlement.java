package dev.hoist.internal.build;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A privilege a build must ask for ({@code --allow}), as BuildKit's entitlements: without it the
 * build is refused where it would need it.
 */
public enum Entitlement {
  /** RUN steps on the host's network ({@code --network host}, {@code RUN --network=host}). */
  NETWORK_HOST("network.host");

  private final String id;

  Entitlement(String id) {
    this.id = id;
  }

  /** The name on the command line: {@code network.host}. */
  public String id() {
    return id;
  }

  /**
   * The entitlement called {@code id}.
   *
   * @throws IllegalArgumentException for an unknown or unsupported one (a message for the user)
   */
  public static Entitlement parse(String id) {
    for (Entitlement e : values()) {
      if (e.id.equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("--allow " + id + ": unknown or unsupported entitlement"
        + " (supported: " + Arrays.stream(values()).map(Entitlement::id)
        .collect(Collectors.joining(", ")) + ")");
  }
}

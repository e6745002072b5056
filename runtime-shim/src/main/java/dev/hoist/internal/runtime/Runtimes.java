package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.util.List;

/** The runtimes {@code --runtime} can name: {@code hoist} (the built-in shim) and {@code runc}. */
public final class Runtimes {
  /** The names, default first. */
  public static final List<String> NAMES = List.of("hoist", "runc");

  private Runtimes() {}

  /**
   * The runtime called {@code name} for {@code home}, telling {@code diagnostics} what fails
   * beside the containers' work.
   *
   * @throws IllegalArgumentException for an unknown name or when runc is not installed (a
   *     message for the user)
   */
  public static Runtime named(String name, HoistHome home, Diagnostics diagnostics)
      throws IOException {
    return switch (name) {
      case "hoist" -> ShimRuntime.forHome(home).reportingTo(diagnostics);
      case "runc" -> RuncRuntime.forHome(home).orElseThrow(() -> new IllegalArgumentException(
          "runtime runc is not installed (apt-get install runc)")).reportingTo(diagnostics);
      default -> throw new IllegalArgumentException(
          "unknown runtime " + name + " (known: " + String.join(", ", NAMES) + ")");
    };
  }
}

package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.DockerfileException;
import java.util.Locale;

/** An OCI platform {@code os/architecture[/variant]}, as {@code --platform} writes it. */
public record Platform(String os, String architecture, String variant) {

  /** Parses {@code linux/amd64}, {@code linux/arm64/v8}, or a bare architecture (linux). */
  public static Platform parse(String text) {
    String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/");
    return switch (parts.length) {
      case 1 -> new Platform("linux", normalise(parts[0]), "");
      case 2 -> new Platform(parts[0], normalise(parts[1]), "");
      case 3 -> new Platform(parts[0], normalise(parts[1]), parts[2]);
      default -> throw new DockerfileException("invalid platform \"" + text
          + "\" (expected os/arch[/variant], such as linux/amd64)");
    };
  }

  /** The platform of this machine, named as OCI names it. */
  public static Platform host() {
    return new Platform("linux", normalise(System.getProperty("os.arch")), "");
  }

  private static String normalise(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i686", "x86" -> "386";
      default -> arch;
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}

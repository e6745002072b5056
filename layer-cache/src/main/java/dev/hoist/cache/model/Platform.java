package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The platform an image runs on, as an index entry's {@code platform} object holds it
 * ({@code architecture}, {@code os}, {@code os.version}, {@code os.features}, {@code variant},
 * {@code features}). Values are kept as written; {@link #normalized()} gives the form that
 * platform matching compares (see {@link PlatformMatcher}).
 *
 * @param architecture the CPU architecture, such as {@code amd64}
 * @param os the operating system, such as {@code linux}
 * @param osVersion the OS version
 * @param osFeatures the OS features
 * @param variant the CPU variant, such as {@code v8}
 * @param features other features
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record Platform(
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") @JsonInclude(Include.NON_EMPTY) List<String> osFeatures,
    String variant,
    @JsonInclude(Include.NON_EMPTY) List<String> features,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Validates the required fields and copies the collections.
   *
   * @param architecture the CPU architecture, such as {@code amd64}
   * @param os the operating system, such as {@code linux}
   * @param osVersion the OS version
   * @param osFeatures the OS features
   * @param variant the CPU variant, such as {@code v8}
   * @param features other features
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public Platform {
    if (architecture == null || architecture.isEmpty()) {
      throw new IllegalArgumentException("platform without architecture");
    }
    if (os == null || os.isEmpty()) {
      throw new IllegalArgumentException("platform without os");
    }
    osFeatures = Copies.listOrEmpty(osFeatures);
    features = Copies.listOrEmpty(features);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * A platform from os, architecture and variant (null or empty for none).
   *
   * @param os the operating system
   * @param architecture the CPU architecture
   * @param variant the variant, or null
   * @return the platform
   */
  public static Platform of(String os, String architecture, String variant) {
    return new Platform(architecture, os, null, null,
        variant == null || variant.isEmpty() ? null : variant, null, null);
  }

  /**
   * Parses {@code os/arch[/variant]} as {@code --platform} takes it, e.g. {@code linux/arm64/v8}.
   * The values are kept as written (not normalized).
   *
   * @param text the platform as written
   * @return the platform
   */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || (parts.length == 3 && parts[2].isEmpty())) {
      throw new IllegalArgumentException("invalid platform \"" + text
          + "\": expected os/arch or os/arch/variant, such as linux/arm64/v8");
    }
    return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Parses a comma-separated list of platforms, as {@code --platform a,b} and the Engine API's
   * {@code POST /build?platform=a,b} take it; spaces around each are ignored.
   *
   * @param text the platforms as written
   * @return the platforms, in order
   * @throws IllegalArgumentException naming the list when one is not {@code os/arch[/variant]}
   */
  public static java.util.List<Platform> parseList(String text) {
    java.util.List<Platform> platforms = new java.util.ArrayList<>();
    for (String p : (text == null ? "" : text).split(",", -1)) {
      try {
        platforms.add(parse(p.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(text + ": " + e.getMessage(), e);
      }
    }
    return java.util.List.copyOf(platforms);
  }

  /**
   * The platform of the running JVM (os and architecture only; 32-bit ARM is assumed to be v7).
   *
   * @return the platform this JVM runs on
   */
  public static Platform host() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String goOs = os.startsWith("windows") ? "windows"
        : os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
        : os.replace(" ", "");
    return of(goOs, System.getProperty("os.arch", ""), null).normalized();
  }

  /**
   * This platform with os, architecture and variant spelled as Docker and containerd compare
   * them: lower case; {@code x86_64} → {@code amd64} (variant {@code v1} dropped), {@code aarch64}
   * → {@code arm64}, {@code i386} → {@code 386}; arm64 without a variant is {@code v8}; arm without
   * one is {@code v7}; {@code armhf} is arm/v7, {@code armel} arm/v6; variant {@code 7} → {@code v7}.
   * Other fields are kept.
   *
   * @return the normalised copy
   */
  public Platform normalized() {
    String o = os.toLowerCase(Locale.ROOT);
    if (o.equals("macos")) {
      o = "darwin";
    }
    String a = architecture.toLowerCase(Locale.ROOT);
    String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    switch (a) {
      case "i386", "i686", "x86", "386" -> {
        a = "386";
        v = "";
      }
      case "x86_64", "x86-64", "amd64" -> {
        a = "amd64";
        v = v.equals("v1") ? "" : v;
      }
      case "aarch64", "arm64" -> {
        a = "arm64";
        v = switch (v) {
          case "", "8", "v8", "v8.0" -> "v8";
          case "9", "9.0", "v9.0" -> "v9";
          default -> v;
        };
      }
      case "armhf" -> {
        a = "arm";
        v = "v7";
      }
      case "armel" -> {
        a = "arm";
        v = "v6";
      }
      case "arm", "armv7l", "armv7" -> {
        a = "arm";
        v = switch (v) {
          case "", "7" -> "v7";
          case "5", "6", "8" -> "v" + v;
          default -> v;
        };
      }
      default -> { }
    }
    return new Platform(a, o, osVersion, osFeatures, v.isEmpty() ? null : v, features,
        unknownFields);
  }

  /**
   * {@code os/arch[/variant]} normalised as BuildKit spells {@code TARGETPLATFORM} and its parts
   * for a Dockerfile: {@link #normalized()}, without arm64's default variant {@code v8}
   * ({@code linux/arm64}). What the build engine hands the Dockerfile parser.
   *
   * @return the platform as {@code os/architecture[/variant]}
   */
  public String formatted() {
    Platform n = normalized();
    boolean defaultVariant = n.architecture().equals("arm64") && "v8".equals(n.variant());
    return n.os() + "/" + n.architecture()
        + (n.variant() == null || defaultVariant ? "" : "/" + n.variant());
  }

  /** {@code os/arch[/variant]}, as {@code --platform} takes it. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}

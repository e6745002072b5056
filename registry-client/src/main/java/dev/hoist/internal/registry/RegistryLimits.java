package dev.hoist.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long hoist waits for a registry and how much it reads from one, so that a slow, stalled or
 * hostile registry ends a transfer with a message instead of hanging it.
 *
 * <p>Each setting can be changed, lowest to highest precedence: in {@code registries.json} under
 * {@code "limits"} (e.g. {@code {"limits": {"read-timeout": "30s"}}}), by the environment variable
 * {@code HOIST_REGISTRY_<NAME>} ({@code HOIST_REGISTRY_READ_TIMEOUT=30s}), or by the system property
 * {@code hoist.registry.<name>} ({@code -Dhoist.registry.read-timeout=30s}). Durations are written
 * {@code 500ms}, {@code 30s}, {@code 2m} or as plain seconds; sizes in bytes or with {@code KiB},
 * {@code MiB}, {@code GiB}.
 *
 * @param connectTimeout {@code connect-timeout}: the longest wait for a TCP connection (and a
 *     proxy's tunnel)
 * @param readTimeout {@code read-timeout}: the longest wait for the next byte of an answer (the
 *     socket read timeout); also the window over which {@code minTransferRate} is measured
 * @param responseTimeout {@code response-timeout}: the whole of an answer that is read into memory
 *     (its head, and the body of a manifest, token or JSON answer) must have arrived within this;
 *     requests whose body is streamed (blob uploads) have only the read timeout
 * @param minTransferRate {@code min-transfer-rate}: a streamed blob body slower than this many
 *     bytes per second, averaged over each {@code readTimeout} window, is given up (0 turns it off)
 * @param maxManifestSize {@code max-manifest-size}: the largest manifest, index, tag list or
 *     referrers answer read (containerd's limit, 4 MiB)
 * @param maxConfigSize {@code max-config-size}: the largest image config a pull accepts
 */
public record RegistryLimits(
    Duration connectTimeout,
    Duration readTimeout,
    Duration responseTimeout,
    long minTransferRate,
    long maxManifestSize,
    long maxConfigSize) {

  /** The settings' names, as written in every place they can be set. */
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String READ_TIMEOUT = "read-timeout";
  static final String RESPONSE_TIMEOUT = "response-timeout";
  static final String MIN_TRANSFER_RATE = "min-transfer-rate";
  static final String MAX_MANIFEST_SIZE = "max-manifest-size";
  static final String MAX_CONFIG_SIZE = "max-config-size";

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib|k|m|g)");

  public RegistryLimits {
    positive(connectTimeout, CONNECT_TIMEOUT);
    positive(readTimeout, READ_TIMEOUT);
    positive(responseTimeout, RESPONSE_TIMEOUT);
    if (minTransferRate < 0 || maxManifestSize < 1 || maxConfigSize < 1) {
      throw new IllegalArgumentException(
          "registry limits: sizes must be positive and the minimum transfer rate not negative");
    }
    if (maxManifestSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("registry limits: " + MAX_MANIFEST_SIZE + " must be under 2 GiB");
    }
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("registry limits: " + name + " must be a positive duration");
    }
  }

  /**
   * 30 s to connect (Docker's dialer), 2 min for the next byte, 5 min for an answer read into
   * memory, at least 1 KiB/s for a streamed blob, manifests up to 4 MiB, configs up to 8 MiB.
   */
  public static RegistryLimits defaults() {
    return new RegistryLimits(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5),
        1024, 4L << 20, 8L << 20);
  }

  public RegistryLimits withTimeouts(Duration connect, Duration read, Duration response) {
    return new RegistryLimits(connect, read, response, minTransferRate, maxManifestSize, maxConfigSize);
  }

  public RegistryLimits withMinTransferRate(long bytesPerSecond) {
    return new RegistryLimits(connectTimeout, readTimeout, responseTimeout, bytesPerSecond,
        maxManifestSize, maxConfigSize);
  }

  public RegistryLimits withMaxSizes(long manifest, long config) {
    return new RegistryLimits(connectTimeout, readTimeout, responseTimeout, minTransferRate, manifest, config);
  }

  /** These limits with the {@code hoist.registry.*} system properties and {@code HOIST_REGISTRY_*} variables applied. */
  public RegistryLimits withEnvironment() {
    return withEnvironment(System.getenv(), System::getProperty);
  }

  RegistryLimits withEnvironment(Map<String, String> env, Function<String, String> properties) {
    return with(name -> {
      String property = properties.apply("hoist.registry." + name);
      if (property != null && !property.isBlank()) {
        return property;
      }
      return env.get("HOIST_REGISTRY_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }, "HOIST_REGISTRY_* or hoist.registry.*");
  }

  /** These limits with the settings of a {@code "limits"} object of {@code registries.json}. */
  RegistryLimits withJson(JsonNode limits, String file) {
    if (limits == null || limits.isMissingNode() || limits.isNull()) {
      return this;
    }
    if (!limits.isObject()) {
      throw new IllegalArgumentException(file + ": \"limits\" must be an object");
    }
    limits.fieldNames().forEachRemaining(name -> {
      if (!known(name)) {
        throw new IllegalArgumentException(file + ": unknown registry limit \"" + name + "\" (known: "
            + String.join(", ", CONNECT_TIMEOUT, READ_TIMEOUT, RESPONSE_TIMEOUT, MIN_TRANSFER_RATE,
                MAX_MANIFEST_SIZE, MAX_CONFIG_SIZE) + ")");
      }
    });
    return with(name -> limits.hasNonNull(name) ? limits.get(name).asText() : null, file);
  }

  private static boolean known(String name) {
    return switch (name) {
      case CONNECT_TIMEOUT, READ_TIMEOUT, RESPONSE_TIMEOUT, MIN_TRANSFER_RATE, MAX_MANIFEST_SIZE,
          MAX_CONFIG_SIZE -> true;
      default -> false;
    };
  }

  private RegistryLimits with(Function<String, String> setting, String where) {
    return new RegistryLimits(
        duration(setting, CONNECT_TIMEOUT, connectTimeout, where),
        duration(setting, READ_TIMEOUT, readTimeout, where),
        duration(setting, RESPONSE_TIMEOUT, responseTimeout, where),
        size(setting, MIN_TRANSFER_RATE, minTransferRate, where),
        size(setting, MAX_MANIFEST_SIZE, maxManifestSize, where),
        size(setting, MAX_CONFIG_SIZE, maxConfigSize, where));
  }

  private static Duration duration(Function<String, String> setting, String name, Duration current, String where) {
    String text = setting.apply(name);
    if (text == null || text.isBlank()) {
      return current;
    }
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("registry limit " + name + " in " + where + " is not a duration: \""
          + text + "\" (write e.g. 30s, 500ms or 2m)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> amount;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount * 1000;
    };
    if (millis < 1) {
      throw new IllegalArgumentException("registry limit " + name + " in " + where + " must be at least 1ms");
    }
    return Duration.ofMillis((long) millis);
  }

  private static long size(Function<String, String> setting, String name, long current, String where) {
    String text = setting.apply(name);
    if (text == null || text.isBlank()) {
      return current;
    }
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("registry limit " + name + " in " + where + " is not a size: \""
          + text + "\" (write e.g. 4MiB or 1024)");
    }
    long shift = switch (m.group(2)) {
      case "kib", "k" -> 10;
      case "mib", "m" -> 20;
      case "gib", "g" -> 30;
      default -> 0;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** How a setting is named in messages: where to change it. */
  static String hint(String name) {
    return "hoist.registry." + name + " or HOIST_REGISTRY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}

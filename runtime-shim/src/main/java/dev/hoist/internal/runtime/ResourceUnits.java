package dev.hoist.internal.runtime;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's units for {@code --memory} ({@code 512m}, {@code 1.5g}) and {@code --cpus}. */
public final class ResourceUnits {
  private static final Pattern BYTES =
      Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?(?:i?b)?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgtp";

  private ResourceUnits() {}

  /**
   * Bytes, as Docker's {@code RAMInBytes}: a number with an optional binary unit {@code b k m g
   * t p} (any case, {@code kb}, {@code KiB} too): {@code 64m} is 67,108,864.
   */
  public static long bytes(String text) {
    Matcher m = BYTES.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size: '" + text
          + "' (a number with an optional unit b, k, m, g: 512m)");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
      value = value.multiply(BigDecimal.valueOf(1024).pow(power));
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      return value.longValue();
    }
  }

  /** {@code --cpus 1.5} as billionths of a CPU (1,500,000,000). */
  public static long nanoCpus(String text) {
    BigDecimal cpus;
    try {
      cpus = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid --cpus value: '" + text + "' (a number: 1.5)");
    }
    if (cpus.signum() < 0) {
      throw new IllegalArgumentException("--cpus must not be negative: " + text);
    }
    return cpus.movePointRight(9).longValue();
  }
}

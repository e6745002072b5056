package dev.hoist.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Sizes as Docker prints them: 1.5kB, 23.4MB (powers of 1000). */
final class Sizes {
  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + "B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.2f%s" : value < 100 ? "%.1f%s" : "%.0f%s",
        value, units[unit]);
  }

  /**
   * As go-units' {@code HumanSizeWithPrecision(bytes, precision)}: powers of 1000, the number as
   * Go's {@code %.*g} writes it ({@code 1.5MB}, {@code 123kB}); {@code docker images} and
   * {@code ps -s} use 3 digits, {@code HumanSize} (volumes, {@code system df}) 4.
   */
  static String docker(long bytes, int precision) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return formatG(value, precision) + units[unit];
  }

  /** Go's {@code %.Ng}: N significant digits, trailing zeros dropped, exponent form when large. */
  static String formatG(double value, int precision) {
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision,
        RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= precision) {
      String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}

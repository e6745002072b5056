package dev.hoist.cli;

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
}

package dev.hoist.cache.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which platforms can stand in for a wanted one, best first, following containerd's rules (which
 * Docker uses): the platform itself, then older variants of the same architecture (arm/v7 runs
 * v6 and v5 binaries; amd64/v3 runs v2 and v1), then the 32-bit sibling (arm64 runs arm/v7…v5;
 * amd64 runs 386). The OS must match; {@code os.version} and features are not compared.
 */
public final class PlatformMatcher {
  private PlatformMatcher() {}

  /**
   * The normalized platforms acceptable for {@code wanted}, most preferred first.
   *
   * @param wanted the platform wanted
   * @return the platforms that can run its images, best first
   */
  public static List<Platform> preferences(Platform wanted) {
    Platform w = wanted.normalized();
    List<Platform> out = new ArrayList<>();
    out.add(w);
    switch (w.architecture()) {
      case "arm" -> addArmBelow(out, w.os(), variantNumber(w.variant()));
      case "arm64" -> addArmBelow(out, w.os(), 8);
      case "amd64" -> {
        for (int v = variantNumber(w.variant()) - 1; v >= 1; v--) {
          out.add(Platform.of(w.os(), "amd64", v == 1 ? null : "v" + v));
        }
        out.add(Platform.of(w.os(), "386", null));
      }
      default -> { }
    }
    return out;
  }

  /**
   * How well {@code candidate} serves {@code wanted}: 0 for the same platform, higher for
   * fallbacks, -1 if it cannot run there at all.
   *
   * @param wanted the platform wanted
   * @param candidate a platform offered
   * @return 0 for the same platform, higher for fallbacks, -1 when it cannot run there
   */
  public static int rank(Platform wanted, Platform candidate) {
    Platform c = candidate.normalized();
    List<Platform> prefs = preferences(wanted);
    for (int i = 0; i < prefs.size(); i++) {
      Platform p = prefs.get(i);
      if (p.os().equals(c.os()) && p.architecture().equals(c.architecture())
          && java.util.Objects.equals(p.variant(), c.variant())) {
        return i;
      }
    }
    return -1;
  }

  private static void addArmBelow(List<Platform> out, String os, int below) {
    for (int v = Math.min(below - 1, 7); v >= 5; v--) {
      out.add(Platform.of(os, "arm", "v" + v));
    }
  }

  /** 7 for "v7"; 1 for none or anything unreadable. */
  private static int variantNumber(String variant) {
    if (variant == null || !variant.matches("v\\d+")) {
      return 1;
    }
    return Integer.parseInt(variant.substring(1));
  }
}

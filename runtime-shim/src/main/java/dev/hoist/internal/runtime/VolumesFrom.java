package dev.hoist.internal.runtime;

import java.util.Objects;
import java.util.Set;

/**
 * {@code --volumes-from CONTAINER[:MODE]} (the Engine API's {@code HostConfig.VolumesFrom}):
 * the new container mounts every volume and bind mount of {@code container} at the same
 * destination ({@link InheritedMount}). {@code ro} mounts them read-only; without a mode, or
 * with {@code rw}, each keeps the source's own (a read-only one stays read-only, as Docker's).
 * As Docker's parser, {@code z} and {@code Z} are accepted beside them (hoist loads no SELinux
 * labels) and every other mode is refused.
 *
 * @param container the source's name, ID or ID prefix, as given
 * @param mode as given, null when none
 */
public record VolumesFrom(String container, String mode) {
  private static final Set<String> MODES = Set.of("ro", "rw", "z", "Z");

  public VolumesFrom {
    Objects.requireNonNull(container, "container");
    if (container.isEmpty()) {
      throw new IllegalArgumentException("volumes-from specification cannot be an empty string");
    }
    if (mode != null) {
      int access = 0; // ro, rw: one at most, as moby's ValidMountMode
      int label = 0; // z, Z: one at most
      for (String m : mode.split(",", -1)) {
        if (!MODES.contains(m)) {
          throw new IllegalArgumentException("invalid mode: " + mode + " (--volumes-from "
              + container + ":ro or :rw)");
        }
        access += m.equals("ro") || m.equals("rw") ? 1 : 0;
        label += m.equalsIgnoreCase("z") ? 1 : 0;
      }
      if (access > 1 || label > 1) {
        throw new IllegalArgumentException("invalid mode: " + mode);
      }
    }
  }

  /** {@code CONTAINER[:MODE]}. */
  public static VolumesFrom parse(String spec) {
    if (spec == null || spec.isEmpty()) {
      throw new IllegalArgumentException("volumes-from specification cannot be an empty string");
    }
    int colon = spec.indexOf(':');
    return colon < 0 ? new VolumesFrom(spec, null)
        : new VolumesFrom(spec.substring(0, colon), spec.substring(colon + 1));
  }

  /** Whether {@code :ro} makes every mount taken read-only. */
  public boolean readOnly() {
    return mode != null && java.util.Arrays.asList(mode.split(",")).contains("ro");
  }

  /** As given: {@code CONTAINER[:MODE]}. */
  @Override
  public String toString() {
    return mode == null ? container : container + ":" + mode;
  }
}

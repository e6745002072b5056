package dev.hoist.internal.runtime;

import java.util.Objects;

/**
 * A tmpfs mounted in the container ({@code --tmpfs}, {@code --mount type=tmpfs}).
 *
 * @param target absolute path inside the container (created when missing)
 * @param sizeBytes size limit; 0 for the kernel's default (half of RAM)
 * @param mode permissions of the mount's root, as {@code 01777}
 * @param exec whether programs on it may run: false ({@code noexec}) for a container's, as
 *     Docker mounts them ({@code noexec,nosuid,nodev}); true for a build step's
 *     ({@code RUN --mount=type=tmpfs}, as BuildKit: {@code nosuid,nodev} only)
 * @param readOnly mounted read-only ({@code --mount type=tmpfs,readonly})
 */
public record TmpfsMount(String target, long sizeBytes, int mode, boolean exec,
    boolean readOnly) {
  /** A read-write tmpfs. */
  public TmpfsMount(String target, long sizeBytes, int mode, boolean exec) {
    this(target, sizeBytes, mode, exec, false);
  }

  public TmpfsMount {
    Objects.requireNonNull(target, "target");
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("tmpfs target must be absolute: " + target);
    }
    if (sizeBytes < 0 || mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("bad tmpfs size or mode for " + target);
    }
  }
}

package dev.hoist.internal.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host path bind-mounted into the container.
 *
 * @param source host file or directory
 * @param target absolute path inside the container (created when missing; symlinks in the image
 *     are resolved inside the container's root, never on the host)
 * @param readOnly mounted read-only
 */
public record BindMount(Path source, String target, boolean readOnly) {
  public BindMount {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("bind mount target must be absolute: " + target);
    }
  }
}

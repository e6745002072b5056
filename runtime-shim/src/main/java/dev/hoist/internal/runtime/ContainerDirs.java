package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;

/** The directories every runtime needs in a container directory: overlay upper, work, root. */
final class ContainerDirs {
  private ContainerDirs() {}

  static void create(ContainerSpec spec) throws IOException {
    Files.createDirectories(spec.upperDir());
    Files.createDirectories(spec.workDir());
    Files.createDirectories(spec.rootfsDir());
  }
}

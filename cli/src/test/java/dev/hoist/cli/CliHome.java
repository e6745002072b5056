package dev.hoist.cli;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;
import java.util.List;

/**
 * The hoist home the CLI tests of a class run in: the {@code hoist.home} property points at it
 * (the CLI run in this JVM reads it) until {@link #release}.
 */
final class CliHome {
  private CliHome() {}

  /** Points {@code hoist.home} at {@code home}; that home. */
  static HoistHome use(Path home) {
    System.setProperty("hoist.home", home.toString());
    return new HoistHome(home);
  }

  /**
   * Skips the calling class unless containers can run here (root, a static busybox); then
   * {@link #use} {@code dir/home}.
   */
  static HoistHome forContainers(Path dir) {
    BusyboxImage.assumeUsable();
    return use(dir.resolve("home"));
  }

  /** As {@link #forContainers}, with a busybox image {@code name} whose command is {@code sh}. */
  static HoistHome withShImage(Path dir, String name) throws Exception {
    HoistHome home = forContainers(dir);
    BusyboxImage.create(home, dir, name, ContainerConfig.builder().cmd(List.of("sh")).build());
    return home;
  }

  /** {@code hoist.home} unset again. */
  static void release() {
    System.clearProperty("hoist.home");
  }
}

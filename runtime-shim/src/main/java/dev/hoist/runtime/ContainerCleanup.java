package dev.hoist.runtime;

import dev.hoist.cache.store.HoistHome;
import java.nio.file.Path;

/**
 * {@code java … ContainerCleanup HOIST_HOME ID}: removes a {@code --rm} container once it has
 * exited. The monitor of a detached container runs it after writing the exit file.
 */
public final class ContainerCleanup {
  private ContainerCleanup() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ContainerCleanup HOIST_HOME CONTAINER-ID");
      System.exit(2);
    }
    new ContainerStore(new HoistHome(Path.of(args[0]))).remove(args[1]);
  }
}

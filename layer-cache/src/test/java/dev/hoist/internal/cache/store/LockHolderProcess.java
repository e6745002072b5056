package dev.hoist.internal.cache.store;

import java.nio.file.Path;

/**
 * Holds a store lock in another process: home, lock name, "shared"|"exclusive". Prints "locked"
 * once it holds the lock and lets go when its standard input ends (the test closes it, or dies),
 * so a loaded machine cannot make it let go before the test has looked.
 */
public final class LockHolderProcess {
  private LockHolderProcess() {}

  public static void main(String[] args) throws Exception {
    StoreLock lock = new StoreLock(new HoistHome(Path.of(args[0])), args[1]);
    try (StoreLock.Held held = args[2].equals("shared") ? lock.shared() : lock.exclusive()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until the test closes our standard input
      }
    }
  }
}

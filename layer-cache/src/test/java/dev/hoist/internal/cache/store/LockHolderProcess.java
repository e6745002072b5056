package dev.hoist.internal.cache.store;

import java.nio.file.Path;

/** Holds a store lock in another process: home, lock name, "shared"|"exclusive", millis. */
public final class LockHolderProcess {
  private LockHolderProcess() {}

  public static void main(String[] args) throws Exception {
    StoreLock lock = new StoreLock(new HoistHome(Path.of(args[0])), args[1]);
    try (StoreLock.Held held = args[2].equals("shared") ? lock.shared() : lock.exclusive()) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[3]));
    }
  }
}

package dev.hoist.internal.build;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code InflightHolder HOME KEY}: claims {@code KEY} on the home {@code HOME} (a build of another
 * process computing that step), prints {@code claimed}, and when a line comes on standard input
 * stores the key's entry and releases the claim, then prints {@code released}.
 */
public final class InflightHolder {
  private InflightHolder() {}

  public static void main(String[] args) throws Exception {
    HoistHome home = new HoistHome(Path.of(args[0]));
    StepCache cache = new StepCache(home);
    try (InflightSteps.Claim claim = new InflightSteps(home).claim(args[1],
        () -> cache.lookup(args[1]))) {
      System.out.println("claimed");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      cache.store(args[1], InflightStepsTest.ENTRY);
    }
    System.out.println("released");
    System.out.flush();
  }
}

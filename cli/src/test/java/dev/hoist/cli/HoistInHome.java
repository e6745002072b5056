package dev.hoist.cli;

/**
 * {@code HoistInHome HOIST_HOME ARGS…}: the hoist CLI as a program of its own ({@link
 * Main#main}) on a given home, for tests that need a hoist process that exits.
 */
public final class HoistInHome {
  private HoistInHome() {}

  public static void main(String[] args) {
    System.setProperty("hoist.home", args[0]);
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    Main.main(rest);
  }
}

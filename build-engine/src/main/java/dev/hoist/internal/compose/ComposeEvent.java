package dev.hoist.internal.compose;

/**
 * One step {@code up}, {@code down} and the lifecycle commands report, as Compose prints them
 * ({@code Container demo-web-1  Started}).
 *
 * @param kind {@code Network}, {@code Volume} or {@code Container}
 * @param name its name
 * @param action {@code Created}, {@code Started}, {@code Running}, {@code Recreated},
 *     {@code Healthy}, {@code Stopped}, {@code Removed}, {@code Exited}
 */
public record ComposeEvent(String kind, String name, String action) {
  @Override
  public String toString() {
    return " " + kind + " " + name + "  " + action;
  }
}

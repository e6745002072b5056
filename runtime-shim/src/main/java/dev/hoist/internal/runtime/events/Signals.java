package dev.hoist.internal.runtime.events;

import java.util.List;
import java.util.Locale;

/** Linux's signal numbers, as Docker's {@code kill} events name a signal ({@code signal=15}). */
public final class Signals {
  private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP",
      "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
      "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
      "WINCH", "IO", "PWR", "SYS");

  private Signals() {}

  /** {@code signal} (a name with or without {@code SIG}, or a number) as its number; unknown: as given. */
  public static String number(String signal) {
    String s = signal.toUpperCase(Locale.ROOT);
    s = s.startsWith("SIG") ? s.substring(3) : s;
    int at = NAMES.indexOf(s);
    return at >= 0 ? Integer.toString(at + 1) : signal;
  }

  /**
   * {@code signal} (a name with or without {@code SIG}, or a number from 1 to 64), checked as
   * Docker checks {@code stop --signal}; an {@link IllegalArgumentException} ("Invalid signal")
   * otherwise.
   */
  public static String require(String signal) {
    String n = number(signal);
    String s = signal.toUpperCase(Locale.ROOT);
    boolean realtime = s.matches("(SIG)?RTM(IN|AX)([+-]([1-9]|1[0-5]))?");
    if (!realtime && !(n.matches("[0-9]{1,2}") && Integer.parseInt(n) >= 1
        && Integer.parseInt(n) <= 64)) {
      throw new IllegalArgumentException("Invalid signal: " + signal);
    }
    return signal;
  }
}

package dev.hoist.internal.runtime;

/**
 * Where the runtime library reports what goes wrong beside the work it was asked to do (a
 * clean-up after a container that failed, a dead container's network that could not be
 * removed): things worth telling a person, that fail nothing. The library never prints; the
 * program that uses it decides where these go (the CLI: its error stream, as {@code hoist: …}
 * lines; a service: its log).
 */
@FunctionalInterface
public interface Diagnostics {
  /** Something went wrong that the caller's work survives; {@code message} names what. */
  void warn(String message);

  /** Warnings to {@link System.Logger} ({@code dev.hoist}), for embedders that give none. */
  static Diagnostics logger() {
    return message -> System.getLogger("dev.hoist").log(System.Logger.Level.WARNING, message);
  }
}

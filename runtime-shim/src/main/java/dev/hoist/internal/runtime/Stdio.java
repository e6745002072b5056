package dev.hoist.internal.runtime;

import java.lang.ProcessBuilder.Redirect;
import java.util.Objects;

/** Where the container's standard streams go: redirects as {@link ProcessBuilder} takes them. */
public record Stdio(Redirect stdin, Redirect stdout, Redirect stderr) {
  public Stdio {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** The caller's own streams ({@code hoist run} in a terminal). */
  public static Stdio inherit() {
    return new Stdio(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
  }

  /** Pipes: read them from {@link ContainerProcess#stdout()} and friends. */
  public static Stdio pipes() {
    return new Stdio(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
  }

  /** Nothing in, output discarded: a detached exec ({@code exec -d}). */
  public static Stdio detached() {
    return new Stdio(Redirect.from(new java.io.File("/dev/null")), Redirect.DISCARD,
        Redirect.DISCARD);
  }
}

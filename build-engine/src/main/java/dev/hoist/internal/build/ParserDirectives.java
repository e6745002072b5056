package dev.hoist.internal.build;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What hoist does with a Dockerfile's parser directives beyond {@code escape} (which the parser
 * applies): each one either works or the build is refused with a message saying why, never
 * accepted and ignored.
 *
 * <ul>
 *   <li>{@code # syntax=IMAGE}: BuildKit would run IMAGE as the frontend. hoist's own frontend
 *       is Docker's Dockerfile syntax, so {@code docker/dockerfile} in any version (tag or
 *       digest, with or without {@code docker.io/}, {@code -upstream}) builds; any other image
 *       is refused, hoist cannot run a foreign frontend.
 *   <li>{@code # check=skip=…;error=…}: hoist runs none of BuildKit's build checks, so
 *       {@code skip} has nothing to skip (fine) and {@code error=false} is what it does;
 *       {@code error=true} is refused (it asks for checks hoist does not make), as is an
 *       unknown key.
 * </ul>
 */
final class ParserDirectives {
  private static final Pattern DOCKERFILE_FRONTEND = Pattern.compile(
      "(?:(?:docker\\.io|index\\.docker\\.io)/)?docker/dockerfile(?:-upstream)?"
          + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

  private ParserDirectives() {}

  /**
   * Refuses what hoist cannot do of {@code directives} (lower-case names, as the parser gives
   * them) in the Dockerfile {@code file}.
   *
   * @throws BuildException naming the directive and why
   */
  static void check(Map<String, String> directives, String file) {
    String syntax = directives.get("syntax");
    if (syntax != null && !DOCKERFILE_FRONTEND.matcher(syntax.trim()).matches()) {
      throw new BuildException(file + ": # syntax=" + syntax.trim() + " asks for another "
          + "frontend image; hoist builds with its own Dockerfile frontend and cannot run one "
          + "(use docker/dockerfile[:VERSION], or remove the line)");
    }
    String check = directives.get("check");
    if (check != null) {
      for (String part : check.split(";")) {
        String[] kv = part.trim().split("=", 2);
        String key = kv[0].trim().toLowerCase(Locale.ROOT);
        String value = kv.length > 1 ? kv[1].trim() : "";
        switch (key) {
          case "", "skip" -> { } // no check runs: nothing to skip
          case "error" -> {
            if (!value.equalsIgnoreCase("false")) {
              throw new BuildException(file + ": # check=error=" + value + " is not supported:"
                  + " hoist runs none of BuildKit's build checks, so it cannot fail on their"
                  + " warnings (remove error=" + value + ")");
            }
          }
          default -> throw new BuildException(file + ": # check: unknown key '" + key
              + "' (skip or error)");
        }
      }
    }
  }
}

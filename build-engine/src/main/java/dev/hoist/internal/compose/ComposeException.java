package dev.hoist.internal.compose;

/**
 * A compose file (or the options around it) that cannot be used: one message naming the file,
 * the line where it is known and the key path ({@code services.web.ports[1]: invalid port
 * "80:80:80:80"}), as Compose reports them.
 */
public final class ComposeException extends IllegalArgumentException {
  public ComposeException(String message) {
    super(message);
  }
}

package dev.hoist.internal.service.list;

import java.util.Collection;

/**
 * A filter a listing does not take, or a value it cannot read; the message is moby's
 * ({@code invalid filter 'KEY'}, {@code invalid filter 'KEY=VALUE'}).
 */
public final class InvalidFilterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidFilterException(String message) {
    super(message);
  }

  public InvalidFilterException(String key, Collection<String> values) {
    super("invalid filter '" + key + (values == null ? "" : "=" + String.join(",", values))
        + "'");
  }
}

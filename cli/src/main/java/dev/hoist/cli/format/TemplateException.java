package dev.hoist.cli.format;

/** A template that does not parse or fails while executing; the message is Go's. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateException(String message) {
    super(message);
  }
}

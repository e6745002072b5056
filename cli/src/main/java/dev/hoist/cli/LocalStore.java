package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;

/** How the commands read what users type for the local store: names and platforms. */
final class LocalStore {
  private LocalStore() {}

  /** A {@code --platform} value, or a UserError naming it. */
  static dev.hoist.cache.model.Platform platform(String text) {
    try {
      return dev.hoist.cache.model.Platform.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("invalid platform \"" + text + "\": " + e.getMessage());
    }
  }

  static ImageName name(String reference) {
    try {
      return ImageName.parse(reference);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}

package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.store.HoistHome;
import java.io.IOException;

/** The local store the commands work on, and the lookups they share. */
final class LocalStore {
  private LocalStore() {}

  static ImageStore open() throws IOException {
    ImageStore store = new ImageStore(HoistHome.fromEnvironment());
    store.initialise();
    return store;
  }

  /** The manifest a user's reference names, or a UserError saying there is no such image. */
  static Descriptor require(ImageStore store, String reference) throws IOException {
    try {
      return store.resolve(reference).orElseThrow(() -> new UserError(
          "no such image: " + reference + " (hoist images lists the local ones)"));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

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

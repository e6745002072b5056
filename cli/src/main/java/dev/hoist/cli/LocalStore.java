package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Descriptor;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/** The local store the commands work on (the run's image service), and lookups they share. */
final class LocalStore {
  private LocalStore() {}

  static ImageStore open(CommandSpec spec) throws IOException {
    return Cli.hoist(spec).images().store();
  }

  /** The manifest a user's reference names, or a UserError saying there is no such image. */
  static Descriptor require(CommandSpec spec, String reference) throws IOException {
    try {
      return Cli.hoist(spec).images().require(reference);
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

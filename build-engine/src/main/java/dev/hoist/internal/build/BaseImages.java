package dev.hoist.internal.build;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.model.PlatformMatcher;
import dev.hoist.internal.registry.ImageTransfers;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a build gets the images named by {@code FROM} and {@code COPY --from}: the image for a
 * platform, present in the local store once this returns (its layers need not be unpacked).
 * {@link LocalBaseImages} looks in the store only; {@code dev.hoist.internal.service.RegistryBaseImages}
 * pulls what is missing or what {@code --pull} asks to refresh.
 */
public interface BaseImages {
  LocalImage resolve(String reference, Platform platform) throws IOException;

  /**
   * An instance for one {@code build} call (default: this): what it finds is kept for that build
   * alone, shared by the {@link #reportingTo} instances made from it (a multi-platform build's
   * platforms pull a base they share once).
   */
  default BaseImages forOneBuild() {
    return this;
  }

  /** An instance whose pulls are told on {@code progress} (default: this). */
  default BaseImages reportingTo(BuildProgress progress) {
    return this;
  }

  /**
   * The registry client these pull through, which the build's {@code --push},
   * {@code --cache-from} and {@code --cache-to} share (default: none, those are refused).
   */
  default Optional<ImageTransfers> transfers() {
    return Optional.empty();
  }

  /**
   * The platform {@code image}'s config declares when it is not {@code wanted} (an image of
   * another CPU); empty when it matches or declares none.
   */
  static Optional<Platform> otherPlatform(LocalImage image, Platform wanted) {
    return image.config().declaredPlatform()
        .filter(actual -> PlatformMatcher.rank(wanted.normalized(), actual.normalized()) < 0);
  }
}

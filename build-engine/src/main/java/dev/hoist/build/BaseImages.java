package dev.hoist.build;

import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.model.Platform;
import java.io.IOException;

/**
 * Where a build gets the images named by {@code FROM} and {@code COPY --from}: the image for a
 * platform, present in the local store once this returns (its layers need not be unpacked).
 * {@link LocalBaseImages} looks in the store only; a registry pull plugs in here (look in the
 * store, pull what is missing or what {@code --pull} asks to refresh, return the local image).
 */
public interface BaseImages {
  LocalImage resolve(String reference, Platform platform) throws IOException;
}

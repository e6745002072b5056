package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.runtime.UserResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writing the layer of a COPY, ADD or WORKDIR step, and the owner its files get. */
final class LayerOutput {
  private LayerOutput() {}

  /**
   * Writes a layer of these entries into the store, its snapshot unpacked from the tar as it is
   * written.
   */
  static CachedStep.Produced write(BuildSession session, List<LayerEntry> entries,
      Instant created) throws IOException {
    LayerResult layer = session.snapshots.unpackWhileWriting(tarCopy -> {
      try (BlobWriter blob = session.blobs.writer()) {
        LayerResult written = session.writer.write(entries, blob, tarCopy);
        blob.commit();
        return written;
      }
    });
    Descriptor d = Descriptor.of(layer.mediaType(), layer.digest(), layer.size());
    return CachedStep.Produced.of(
        new StepCache.Entry(d, layer.diffId().toString(), created.toString()));
  }

  /** {@code --chown} (or a USER) resolved in the image whose layers are {@code lowers}. */
  static CopyStep.Owner owner(List<Path> lowers, String chown) throws IOException {
    if (chown == null) {
      return CopyStep.Owner.ROOT;
    }
    if (!chown.contains(":") && chown.chars().allMatch(Character::isDigit)) {
      long id = Long.parseLong(chown);
      return new CopyStep.Owner(id, id);
    }
    UserResolver.User u = RunStep.user(lowers, chown);
    return new CopyStep.Owner(u.uid(), u.gid());
  }
}

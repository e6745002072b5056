package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.runtime.RootView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes a {@link PlannedStep.MakeWorkdir}: the directories of the working directory that the
 * image below lacks, owned by its USER, as a layer (none when it exists already).
 */
final class WorkdirExecution {
  private WorkdirExecution() {}

  static CachedStep.Produced run(BuildSession session, ImageState before, String path,
      Instant created) throws IOException {
    List<Path> lowers = session.lowers(before);
    try (RootView view = RootView.open(session.shim(), lowers, session.scratch)) {
      if (InRoot.isDirectory(view.root(), path)) {
        return CachedStep.Produced.of(new StepCache.Entry(null, null, created.toString()));
      }
      String user = before.config().config().user();
      CopyStep.Owner owner = LayerOutput.owner(lowers,
          user == null || user.isEmpty() ? null : user);
      String target = InRoot.resolve(view.root(), path);
      List<LayerEntry> entries = new ArrayList<>();
      StringBuilder p = new StringBuilder();
      for (String part : target.split("/")) {
        p.append(p.length() == 0 ? "" : "/").append(part);
        Path existing = view.root().resolve(p.toString());
        if (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
          entries.add(LayerEntry.directory(p.toString()).withMode(0755)
              .withOwner(owner.uid(), owner.gid()).withMtime(created));
        }
      }
      return LayerOutput.write(session, entries, created);
    }
  }
}

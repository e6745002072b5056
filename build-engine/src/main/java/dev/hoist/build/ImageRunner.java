package dev.hoist.build;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.snapshot.SnapshotStore;
import dev.hoist.cache.store.Trees;
import dev.hoist.runtime.ContainerSpec;
import dev.hoist.runtime.NetworkMode;
import dev.hoist.runtime.ShimRuntime;
import dev.hoist.runtime.Stdio;
import dev.hoist.runtime.UserResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a built image's entrypoint and command once, in a throw-away container through the shim
 * (for {@code hoist build --run} and the example, until the container commands arrive): the
 * image's env, working directory and user, no network, the terminal's stdio.
 */
public final class ImageRunner {
  private final ImageStore store;

  public ImageRunner(ImageStore store) {
    this.store = store;
  }

  /** Runs the image's process to its end and returns its exit status. */
  public int run(Descriptor manifest) throws IOException, InterruptedException {
    LocalImage image = new ImageReader(store.blobs()).image(manifest, Platform.host());
    ContainerConfig config = image.config().config();
    List<String> argv = new ArrayList<>();
    if (config.entrypoint() != null) {
      argv.addAll(config.entrypoint());
    }
    if (config.cmd() != null) {
      argv.addAll(config.cmd());
    }
    if (argv.isEmpty()) {
      throw new BuildException("the image has neither ENTRYPOINT nor CMD: nothing to run");
    }
    SnapshotStore snapshots = new SnapshotStore(store.home(), store.blobs());
    List<Path> lowers = new ArrayList<>();
    List<Digest> ids = image.config().diffIds();
    for (int i = ids.size() - 1; i >= 0; i--) {
      lowers.add(snapshots.ensure(image.manifest().layers().get(i), ids.get(i)));
    }
    Path work = WorkDirs.create(store.home().buildCache().resolve("tmp"));
    try {
      if (lowers.isEmpty()) {
        lowers.add(Files.createDirectory(work.resolve("empty")));
      }
      List<String> env = new ArrayList<>(config.env() == null ? List.of() : config.env());
      if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
        env.add(0, RunStep.DEFAULT_PATH);
      }
      UserResolver.User user = RunStep.user(lowers,
          config.user() == null || config.user().isEmpty() ? null : config.user());
      ContainerSpec spec = ContainerSpec.builder(lowers, work.resolve("container"))
          .argv(argv).env(env).user(user).network(NetworkMode.NONE)
          .cwd(config.workingDir() == null || config.workingDir().isEmpty() ? "/"
              : config.workingDir())
          .build();
      return ShimRuntime.forHome(store.home()).start(spec, Stdio.inherit()).waitFor();
    } finally {
      Trees.delete(work);
    }
  }
}

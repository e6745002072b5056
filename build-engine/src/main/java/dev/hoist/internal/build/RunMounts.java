package dev.hoist.internal.build;

import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.PrivateDirs;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.RootView;
import dev.hoist.internal.runtime.TmpfsMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code RUN --mount}s of one step: cache directories under
 * {@code $HOIST_HOME/cache/mounts} (held for the step as their {@code sharing} says), secrets written outside the container for the step only,
 * tmpfs, and bind mounts from the context, a stage or an image. What needs undoing after the
 * step (locks, mounted views) goes on the caller's cleanup list.
 */
final class RunMounts {
  /** Finds the image of a stage name or index, or of an image reference. */
  interface Images {
    ImageState apply(String from) throws IOException;
  }

  private final BuildSession session;
  private final Images images;
  private final Path work;
  private final List<AutoCloseable> cleanup;
  private int counter;

  RunMounts(BuildSession session, Images images, Path work, List<AutoCloseable> cleanup) {
    this.session = session;
    this.images = images;
    this.work = work;
    this.cleanup = cleanup;
  }

  /**
   * The mount with its target resolved as BuildKit resolves it: a bind, cache or tmpfs mount
   * without a target is at the working directory, a relative target is under it; a target that
   * comes out as {@code /} is refused. Secret and ssh mounts keep their own defaults.
   */
  static RunMount atTarget(RunMount m, String workingDir) {
    if (m.type().equals("secret") || m.type().equals("ssh")) {
      return m;
    }
    String target = m.target() == null ? "" : m.target();
    if (!target.startsWith("/")) {
      String dir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
      target = dir + "/" + target;
    }
    String clean = "/" + SourceTree.clean(target);
    if (clean.equals("/")) {
      throw new BuildException("RUN --mount=" + m.spec() + ": invalid mount target \"/\""
          + (m.target() == null ? " (without target=, the mount is at the working directory)"
              : ""));
    }
    return m.withTarget(clean);
  }

  /**
   * Sets up one mount on the container and returns the mount points it makes (to be removed
   * from the layer afterwards).
   */
  List<String> add(RunMount m, ContainerSpec.Builder spec, List<String> env) throws IOException {
    int n = counter++;
    switch (m.type()) {
      case "cache" -> {
        String id = Digest.sha256(("cache-mount " + m.id()).getBytes(StandardCharsets.UTF_8))
            .hex().substring(0, 32);
        Path dir = cacheDirectory(id, m.sharing() == null ? "shared" : m.sharing());
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          if (m.uid() != null || m.gid() != null) {
            Files.setAttribute(dir, "unix:uid", m.uid() == null ? 0 : m.uid().intValue());
            Files.setAttribute(dir, "unix:gid", m.gid() == null ? 0 : m.gid().intValue());
          }
          if (m.mode() != null) {
            Files.setAttribute(dir, "unix:mode", m.mode());
          }
        }
        spec.mount(new BindMount(dir, m.target(), false));
        return List.of(m.target());
      }
      case "secret" -> {
        String id = m.id() != null ? m.id()
            : m.target().substring(m.target().lastIndexOf('/') + 1);
        SecretSource source = session.request.secrets().get(id);
        if (source == null) {
          if (m.required()) {
            throw new BuildException("secret " + id + " is required: pass --secret id=" + id
                + ",src=FILE (or env=VAR)");
          }
          return List.of();
        }
        byte[] value = source.read(session.environment);
        if (m.env() != null) {
          env.add(m.env() + "=" + new String(value, StandardCharsets.UTF_8));
          if (m.target() == null) {
            return List.of();
          }
        }
        Path dir = Files.createDirectories(PrivateDirs.ensure(work.resolve("secrets"))
            .resolve(Integer.toString(n)));
        Path file = dir.resolve("secret");
        // 0400 from the start (never readable by others, even for a moment); the build's work
        // directory, and the secret with it, goes at the end of the build, or after a crash at
        // the start of the next one (WorkDirs)
        try (SeekableByteChannel out = Files.newByteChannel(file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")))) {
          ByteBuffer buffer = ByteBuffer.wrap(value);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        }
        if (m.mode() != null) {
          Files.setAttribute(file, "unix:mode", m.mode());
        }
        if (m.uid() != null || m.gid() != null) {
          Files.setAttribute(file, "unix:uid", m.uid() == null ? 0 : m.uid().intValue());
          Files.setAttribute(file, "unix:gid", m.gid() == null ? 0 : m.gid().intValue());
        }
        String target = m.target() != null ? m.target() : "/run/secrets/" + id;
        spec.mount(new BindMount(file, target, true));
        return List.of(target);
      }
      case "tmpfs" -> {
        spec.tmpfs(new TmpfsMount(m.target(), sizeBytes(m.size()), 01777, true));
        return List.of(m.target());
      }
      case "bind" -> {
        Path root;
        if (m.from() == null) {
          root = session.context.root();
        } else {
          RootView view = RootView.open(session.shim(), session.lowers(images.apply(m.from())),
              session.scratch);
          cleanup.add(0, view);
          root = view.root();
        }
        // symlinks in the source path are followed inside its root, never onto the host
        String inside = InRoot.resolve(root, m.source() == null ? "" : m.source());
        Path source = inside.isEmpty() ? root : root.resolve(inside);
        if (!Files.exists(source)) {
          throw new BuildException("RUN --mount=" + m.spec() + ": " + m.source()
              + " does not exist in " + (m.from() == null ? "the build context" : m.from()));
        }
        if (!m.readOnly()) {
          // writes to a read-write bind are discarded after the step, as in BuildKit
          Path copy = work.resolve("bind-" + n);
          copyTree(source, copy);
          source = copy;
        }
        spec.mount(new BindMount(source, m.target(), m.readOnly()));
        return List.of(m.target());
      }
      default -> throw new BuildException("RUN --mount=type=" + m.type()
          + " is not supported yet");
    }
  }

  /**
   * The directory of a cache mount, held for the step with BuildKit's sharing modes: every
   * instance {@code mounts/<id>[-N]} has a store lock; {@code shared} holds the main one
   * shared (steps run together), {@code locked} exclusively (a second step waits), and
   * {@code private} takes the first instance no one holds, making a new one when all are held.
   */
  private Path cacheDirectory(String id, String sharing) throws IOException {
    Path mounts = PrivateDirs.ensure(session.home.buildCache().resolve("mounts"));
    switch (sharing) {
      case "locked" -> cleanup.add(new StoreLock(session.home, "cache-mount-" + id).exclusive());
      case "private" -> {
        for (int i = 0; ; i++) {
          String instance = i == 0 ? id : id + "-" + i;
          Optional<StoreLock.Held> held =
              new StoreLock(session.home, "cache-mount-" + instance).tryExclusive();
          if (held.isPresent()) {
            cleanup.add(held.get());
            return mounts.resolve(instance);
          }
        }
      }
      default -> cleanup.add(new StoreLock(session.home, "cache-mount-" + id).shared());
    }
    return mounts.resolve(id);
  }

  /** A tmpfs size as BuildKit takes it: bytes, or a number with k, m or g (0: no limit). */
  private static long sizeBytes(String size) {
    if (size == null || size.isEmpty()) {
      return 0;
    }
    String s = size.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("i?b$", "");
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      return Long.parseLong(s) * unit;
    } catch (NumberFormatException e) {
      throw new BuildException("RUN --mount=type=tmpfs: invalid size " + size);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Process p = new ProcessBuilder("cp", "-a", source.toString(), target.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException("cp -a " + source + ": " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted copying " + source, e);
    }
  }
}

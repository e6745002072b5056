package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.layer.InRootPath;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.PrivateDirs;
import dev.hoist.internal.cache.store.TempFiles;
import dev.hoist.internal.cache.store.Trees;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.runtime.events.EventJournal;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * Named volumes: {@code $HOIST_HOME/volumes/<name>/_data}, a directory bind-mounted into
 * containers, which outlives them. A volume is created on first use (or by
 * {@code hoist volume create}); when it is still empty as a container mounts it, the image's
 * content at the mount's target is copied in first, as Docker does ({@link #populate}).
 */
public final class VolumeStore {
  private final Path root;
  private final EventJournal events;

  public VolumeStore(HoistHome home) {
    this.root = home.volumes();
    this.events = EventJournal.of(home.root(), Diagnostics.logger());
  }

  private void emit(String action, String name) {
    events.append(Event.of(Event.VOLUME, action, name, Map.of("driver", "local")));
  }

  /** Beside a volume's {@code _data}: its labels, a JSON object (absent: none). */
  static final String LABELS = "labels.json";
  /** In an anonymous volume made for a container's mount: that container's ID. */
  static final String CREATOR = "creator";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * A volume: its name, the directory containers see, when it was made, its labels
   * ({@code volume create --label}).
   */
  public record Volume(String name, Path data, FileTime created, Map<String, String> labels) {
    public Volume {
      labels = labels == null ? Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** Without labels. */
    public Volume(String name, Path data, FileTime created) {
      this(name, data, created, Map.of());
    }
  }

  /** The volume's directory, created if the volume is new. */
  public Volume create(String name) throws IOException {
    return create(name, Map.of());
  }

  /**
   * The volume's directory, created with {@code labels} if the volume is new (an existing
   * volume keeps its own, as Docker's).
   */
  public Volume create(String name, Map<String, String> labels) throws IOException {
    return create(name, labels, null);
  }

  /** {@code creator}: the container whose mount it is made for, recorded; null: none. */
  private Volume create(String name, Map<String, String> labels, String creator)
      throws IOException {
    MountRequest.checkVolumeName(name);
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      PrivateDirs.ensure(root); // volumes hold images' files as they are (setuid ones too)
      Path temp = root.resolve(TempFiles.name()); // its owner's PID, not the name: any length
      Files.createDirectories(temp.resolve("_data"));
      if (!labels.isEmpty()) {
        Files.write(temp.resolve(LABELS), JSON.writeValueAsBytes(new java.util.TreeMap<>(labels)));
      }
      if (creator != null) {
        Files.writeString(temp.resolve(CREATOR), creator);
      }
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        emit("create", name);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        // another process created it meanwhile
      } finally {
        Trees.delete(temp);
      }
    }
    return get(name).orElseThrow(() -> new IOException("cannot create volume " + name));
  }

  /** Where views of images are mounted while volumes are filled from them. */
  Path scratch() {
    return root.resolve(AtomicFiles.TEMP_PREFIX + "views");
  }

  /**
   * A new volume with a random 64-hex name and {@code labels} ({@code docker volume create}
   * without a name).
   */
  public Volume createAnonymous(Map<String, String> labels) throws IOException {
    return create(anonymousName(), labels, null);
  }

  private static String anonymousName() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A new anonymous volume for a mount of container {@code containerId}, which it records
   * (in the directory before it appears under its name), so that the container's own are found
   * when its record cannot be read ({@link #anonymousOf}).
   */
  public Volume createAnonymousFor(String containerId) throws IOException {
    return create(anonymousName(), Map.of(), containerId);
  }

  /**
   * The anonymous volumes made for container {@code containerId}'s mounts
   * ({@link #createAnonymousFor}), by name: those of earlier versions record no creator.
   */
  public List<String> anonymousOf(String containerId) throws IOException {
    List<String> found = new ArrayList<>();
    for (Volume v : list()) {
      Path creator = root.resolve(v.name()).resolve(CREATOR);
      if (isAnonymous(v.name()) && Files.isRegularFile(creator)
          && Files.readString(creator).equals(containerId)) {
        found.add(v.name());
      }
    }
    return found;
  }

  /** Whether a volume name is one hoist made up (64 hex digits), as Docker names them. */
  public static boolean isAnonymous(String name) {
    return name.length() == 64 && name.matches("[0-9a-f]{64}");
  }

  public Optional<Volume> get(String name) throws IOException {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
      return Optional.empty();
    }
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir.resolve("_data"))) {
      return Optional.empty();
    }
    return Optional.of(new Volume(name, dir.resolve("_data"), Files.getLastModifiedTime(dir),
        labels(dir.resolve(LABELS))));
  }

  private static Map<String, String> labels(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    return JSON.readValue(file.toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  /** Every volume, by name. */
  public List<Volume> list() throws IOException {
    List<Volume> volumes = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return volumes;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(AtomicFiles.TEMP_PREFIX)) {
          get(name).ifPresent(volumes::add);
        }
      }
    }
    volumes.sort((a, b) -> a.name().compareTo(b.name()));
    return volumes;
  }

  /** Deletes a volume and its content; false when there is none. */
  public boolean remove(String name) throws IOException {
    Optional<Volume> volume = get(name);
    if (volume.isEmpty()) {
      return false;
    }
    Path dir = root.resolve(name);
    Path doomed = root.resolve(TempFiles.name());
    Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    Trees.delete(doomed);
    emit("destroy", name);
    return true;
  }

  /**
   * Deletes what a killed process left of a volume it was creating or removing: the temporary
   * directories whose process is gone and that have not changed for a minute
   * ({@link TempFiles#removeAbandoned}), and those earlier versions named
   * {@code .tmp-NAME-NANOTIME} (a creation) and {@code .tmp-rm-NAME-NANOTIME} (a removal),
   * unchanged for a minute ({@link TempFiles#removeQuietUnowned}). Only names temporary by
   * construction go: a volume's name never starts with a dot, and {@code .tmp-views} (where
   * images are mounted while volumes are filled) has no such shape. Best effort: how many it
   * deleted.
   */
  public int removeAbandonedDeletions() {
    return TempFiles.removeAbandoned(root, null)
        + TempFiles.removeQuietUnowned(root, EARLIER_TEMPORARY);
  }

  /** {@code .tmp-[rm-]NAME-NANOTIME}: earlier versions' temporary names (nanoTime may be < 0). */
  private static final java.util.regex.Pattern EARLIER_TEMPORARY = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(AtomicFiles.TEMP_PREFIX)
          + "(rm-)?[a-zA-Z0-9][a-zA-Z0-9_.-]+--?[0-9]+");

  /**
   * Copies what the image holds at {@code target} into an empty volume, as Docker does: from
   * {@code imageRoot}, the image's merged root filesystem ({@link RootView}), with {@code target}
   * resolved inside it ({@link InRootPath}: {@code ..} and symlinks never lead onto the host).
   * The volume's top directory takes the owner, mode and times of the image's directory, and
   * everything below is copied with its owner, mode and times; device files and whiteouts are
   * not copied. Nothing happens when the volume is not empty or the image has no directory there.
   */
  public static void populate(Path data, Path imageRoot, String target) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(data)) {
      if (entries.iterator().hasNext()) {
        return;
      }
    }
    Path source = InRootPath.hostPath(imageRoot, target);
    if (source.equals(imageRoot)
        || !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      return; // a volume on / is refused by the runtime; a file or nothing: nothing to copy
    }
    copyTree(source, data);
  }

  private static void copyTree(Path source, Path dest) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        if (dir.equals(source)) {
          copyMetadata(dir, dest);
        } else {
          Files.copy(dir, dest.resolve(source.relativize(dir).toString()),
              StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isOther() || file.getFileName().toString().startsWith(Whiteouts.PREFIX)) {
          return FileVisitResult.CONTINUE; // a device, a socket, a whiteout: not copied
        }
        Files.copy(file, dest.resolve(source.relativize(file).toString()),
            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        // copying into a directory changed its modification time: the image's again
        Path to = dir.equals(source) ? dest : dest.resolve(source.relativize(dir).toString());
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Owner, group, mode (with setuid, setgid, sticky) and times of {@code from} onto {@code to}. */
  private static void copyMetadata(Path from, Path to) throws IOException {
    Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid,mode",
        LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:mode", (Integer) a.get("mode") & 07777,
        LinkOption.NOFOLLOW_LINKS);
  }
}

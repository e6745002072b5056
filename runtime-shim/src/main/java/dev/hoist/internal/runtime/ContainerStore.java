package dev.hoist.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.PrivateDirs;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.cache.store.TempFiles;
import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The containers of a home: {@code containers/<64-hex id>/} holds {@code state.json}
 * ({@link ContainerState}), the runtime's files (overlay {@code upper/} and {@code work/},
 * {@code rootfs/}, {@code shim.conf}), and for detached containers the monitor's
 * {@code monitor.conf}, {@code monitor.pid}, {@code exit} and log {@code <id>-json.log};
 * {@code containers/.names/<name>} holds the ID a name belongs to. Creating, changing and
 * removing hold the {@value #LOCK} lock, so concurrent hoist processes never give one name twice
 * nor bring a removed container back; readers need no lock (files are replaced atomically).
 */
public final class ContainerStore {
  /** A container's directory name: its 64-hex ID (compiled once: {@code ps} lists often). */
  private static final java.util.regex.Pattern CONTAINER_ID =
      java.util.regex.Pattern.compile("[0-9a-f]{64}");

  static final String LOCK = "containers";
  static final String STATE = "state.json";
  static final String EXIT = "exit";

  private final HoistHome home;
  private final Path root;
  private final Path names;
  private final Diagnostics diagnostics;

  /** The containers of {@code home}, an unreadable record told to {@link Diagnostics#logger}. */
  public ContainerStore(HoistHome home) {
    this(home, Diagnostics.logger());
  }

  /** The containers of {@code home}; {@code diagnostics} is told of a record it cannot read. */
  public ContainerStore(HoistHome home, Diagnostics diagnostics) {
    this.home = home;
    this.root = home.containers();
    this.names = root.resolve(".names");
    this.diagnostics = diagnostics;
  }

  public HoistHome home() {
    return home;
  }

  public Path dir(String id) {
    return root.resolve(id);
  }

  /** The container's log (Docker's json-file format), written by the monitor. */
  public Path logFile(String id) {
    return dir(id).resolve(id + "-json.log");
  }

  /** A new random ID (64 hex digits). */
  public static String newId() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Docker's rule for container names. */
  public static void checkName(String name) {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new IllegalArgumentException("invalid container name (" + name
          + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
  }

  /**
   * Records a new container: reserves its name (a random one when {@code state.name()} is
   * empty) and writes its state. A name in use is refused as Docker refuses it.
   */
  public ContainerState create(ContainerState state) throws IOException {
    try (StoreLock.Held lock = lock()) {
      String name = state.name();
      if (name.isEmpty()) {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; name.isEmpty() || Files.exists(names.resolve(name)); attempt++) {
          name = ContainerNames.random(random, attempt);
        }
      } else {
        checkName(name);
        requireFree(name);
      }
      ContainerState named = state.withName(name);
      PrivateDirs.ensure(root); // containers' roots and upper directories: image files as they are
      Files.createDirectories(dir(state.id()));
      AtomicFiles.write(names.resolve(name), state.id().getBytes(StandardCharsets.UTF_8));
      writeState(named, true);
      return named;
    }
  }

  /**
   * Refuses a name a container has. A name whose container's directory is gone is free: a
   * container whose record could not be read ({@link #recorded}) is removed by deleting its
   * directory, which leaves its name behind.
   */
  private void requireFree(String name) throws IOException {
    Optional<String> owner = readName(name).filter(id -> Files.isDirectory(dir(id)));
    if (owner.isPresent()) {
      throw new ConflictException("Conflict. The container name \"/" + name
          + "\" is already in use by container \"" + owner.get() + "\". You have to remove "
          + "(or rename) that container to be able to reuse that name.");
    }
  }

  /**
   * Gives the container {@code id} the name {@code name}, as {@code docker rename}: the new name
   * is reserved and the old one freed under the lock, so no other hoist process can take either
   * meanwhile. Refused (Docker's messages) for an invalid name, a name in use and the
   * container's own name.
   */
  public ContainerState rename(String id, String name) throws IOException {
    String wanted = name.startsWith("/") ? name.substring(1) : name;
    checkName(wanted);
    try (StoreLock.Held lock = lock()) {
      ContainerState current = read(id).orElseThrow(() -> noSuch(id));
      if (current.name().equals(wanted)) {
        throw new IllegalArgumentException(
            "Renaming a container with the same name as its current name");
      }
      requireFree(wanted);
      AtomicFiles.write(names.resolve(wanted), id.getBytes(StandardCharsets.UTF_8));
      ContainerState renamed = current.withName(wanted);
      writeState(renamed, true);
      if (readName(current.name()).filter(id::equals).isPresent()) {
        Files.deleteIfExists(names.resolve(current.name()));
      }
      return renamed;
    }
  }

  /**
   * Changes a container's state under the lock; {@code change} sees the current state. Fails
   * when the container was removed meanwhile.
   */
  public ContainerState update(String id, UnaryOperator<ContainerState> change)
      throws IOException {
    try (StoreLock.Held lock = lock()) {
      ContainerState current = read(id).orElseThrow(() -> noSuch(id));
      ContainerState next = change.apply(current);
      if (next != current) {
        writeState(next, true);
      }
      return next;
    }
  }

  /**
   * Writes a state this process holds already (no read, cheaper than {@link #update}); false,
   * and nothing written, when the container has been removed meanwhile. For the records of a
   * run (started, exited, restarting): atomic but not fsynced ({@link AtomicFiles#writeUnsynced}),
   * since a crash that could lose one also ends the run it describes; a container whose record
   * still says running after a reboot reads as exited (its processes are gone: {@link #read}).
   */
  public boolean replace(ContainerState state) throws IOException {
    try (StoreLock.Held lock = lock()) {
      Optional<String> name = recordedName(state.id());
      if (name.isEmpty()) {
        return false;
      }
      // renamed meanwhile (hoist rename while it ran): the name on record stays
      writeState(name.get().equals(state.name()) ? state : state.withName(name.get()), false);
      return true;
    }
  }

  /** The container a user named: its name, its full ID or a unique prefix of the ID. */
  public Optional<ContainerState> find(String reference) throws IOException {
    return lookup(reference, this::read);
  }

  /**
   * The ID of the container a user named whose record cannot be read ({@code state.json} empty,
   * cut short or missing: {@link #recorded}), by its full ID or a unique prefix of it (its
   * directory's name) or by a name the names index gives it; empty when the reference names no
   * such container (a readable one included). Nothing is told to the diagnostics.
   */
  public Optional<String> findUnreadable(String reference) throws IOException {
    return lookup(reference, id -> hasUnreadableRecord(id) ? Optional.of(id) : Optional.empty());
  }

  /** What {@link #lookup} finds for an ID: empty when that container is not the one wanted. */
  @FunctionalInterface
  private interface ById<T> {
    Optional<T> get(String id) throws IOException;
  }

  /**
   * Docker's order: the full ID, then a name, then a unique prefix of an ID (several: an
   * error), each taken when {@code byId} gives something for it.
   */
  private <T> Optional<T> lookup(String reference, ById<T> byId) throws IOException {
    String ref = reference.startsWith("/") ? reference.substring(1) : reference;
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    if (ref.matches("[0-9a-f]{64}")) {
      Optional<T> found = byId.get(ref);
      if (found.isPresent()) {
        return found;
      }
    }
    if (ref.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      Optional<String> byName = readName(ref);
      if (byName.isPresent()) {
        Optional<T> found = byId.get(byName.get());
        if (found.isPresent()) {
          return found;
        }
      }
    }
    if (ref.matches("[0-9a-f]{1,63}")) {
      String match = null;
      for (String id : ids()) {
        if (id.startsWith(ref)) {
          if (match != null) {
            throw new IllegalArgumentException("multiple containers found with provided prefix: "
                + ref);
          }
          match = id;
        }
      }
      if (match != null) {
        return byId.get(match);
      }
    }
    return Optional.empty();
  }

  /** As {@link #find}, failing with Docker's message when there is no such container. */
  public ContainerState require(String reference) throws IOException {
    return find(reference).orElseThrow(() -> noSuch(reference));
  }

  private static IllegalArgumentException noSuch(String reference) {
    return new IllegalArgumentException("No such container: " + reference);
  }

  /** Every container, newest first. */
  public List<ContainerState> list() throws IOException {
    List<ContainerState> all = new ArrayList<>();
    for (String id : ids()) {
      read(id).ifPresent(all::add);
    }
    all.sort(Comparator.comparing(ContainerState::created,
        Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
    return all;
  }

  /**
   * The layers every container stands on (their snapshots are its lower directories): garbage
   * collection must keep them, even when no tag names the image any more.
   */
  public Set<Digest> layersInUse() throws IOException {
    Set<Digest> layers = new HashSet<>();
    for (ContainerState c : list()) {
      c.diffIds().forEach(d -> layers.add(Digest.parse(d)));
    }
    return layers;
  }

  /**
   * The images containers were created from, as their IDs (config digests): a prune keeps a
   * dangling image while a container uses it.
   */
  public Set<Digest> imagesInUse() throws IOException {
    Set<Digest> images = new HashSet<>();
    for (ContainerState c : list()) {
      if (c.imageId() != null) {
        images.add(Digest.parse(c.imageId()));
      }
    }
    return images;
  }

  /** How many containers there are (without reading their states). */
  public int count() throws IOException {
    return ids().size();
  }

  private List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.length() == 64 && CONTAINER_ID.matcher(name).matches()) {
          ids.add(name);
        }
      }
    }
    return ids;
  }

  /**
   * A container's state as recorded, completed by its exit file: a running container reads as
   * exited once the exit file is there (written by the hoist process that waited for it, or by
   * its monitor), or with code 255 when its runtime process and its waiter are both gone and
   * nobody wrote one. While the waiter lives, the container is running. A record that cannot
   * be read ({@link #recorded}) is no container, with a warning.
   */
  public Optional<ContainerState> read(String id) throws IOException {
    Optional<ContainerState> recorded = recorded(id);
    if (recorded.isEmpty()) {
      return recorded;
    }
    ContainerState state = recorded.get();
    if (state.status() == ContainerState.Status.RESTARTING && !state.waiter().isAlive()) {
      // its monitor is gone (killed, or the host rebooted): nobody restarts it any more
      return Optional.of(state.exited(state.exitCode() == null ? 255 : state.exitCode(),
          state.finishedAt(), state.oomKilled()));
    }
    if (!state.isActive()) {
      return Optional.of(state);
    }
    Optional<ExitFile.Exit> exit = ExitFile.read(dir(id).resolve(EXIT));
    if (exit.isPresent()) {
      return Optional.of(exit.get().of(state));
    }
    if (!state.process().isAlive() && !state.waiter().isAlive()) {
      // gone without a word: look once more, the exit file may just have been written
      exit = ExitFile.read(dir(id).resolve(EXIT));
      return Optional.of(exit.isPresent()
          ? exit.get().of(state)
          : state.exited(255, state.startedAt(), false));
    }
    return Optional.of(state);
  }

  /** The name state.json records now (a state held in memory may predate a rename). */
  private Optional<String> recordedName(String id) throws IOException {
    return recorded(id).map(ContainerState::name);
  }

  /**
   * state.json as written, empty when there is none or it cannot be read. The records of a run
   * are not fsynced ({@link #replace}): after a crash, a file system that does not write data
   * before a rename (XFS) can leave one empty or cut short. That container is told as
   * unreadable and left out; the others are listed, and nothing fails because of it.
   */
  private Optional<ContainerState> recorded(String id) throws IOException {
    Path file = dir(id).resolve(STATE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(CanonicalJson.read(bytes, ContainerState.class, "state of " + id));
    } catch (IllegalArgumentException unreadable) {
      diagnostics.warn("container " + id + " left out: its record " + file + " is "
          + (isBlank(bytes) ? "empty" : "unreadable (" + unreadable.getMessage() + ")")
          + "; a crash before it reached the disk leaves it so (hoist rm " + id
          + " removes the container)");
      return Optional.empty();
    }
  }

  /**
   * Whether {@code id}'s directory is there with a record that cannot be read: none, or one
   * {@link #recorded} leaves out. Told to nobody.
   */
  private boolean hasUnreadableRecord(String id) throws IOException {
    if (!Files.isDirectory(dir(id))) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir(id).resolve(STATE));
    } catch (NoSuchFileException e) {
      return true; // create writes it under the lock: a directory without one is a leftover
    }
    try {
      CanonicalJson.read(bytes, ContainerState.class, "state of " + id);
      return false;
    } catch (IllegalArgumentException unreadable) {
      return true;
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0 && !Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private Optional<String> readName(String name) throws IOException {
    try {
      return Optional.of(Files.readString(names.resolve(name), StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private void writeState(ContainerState state, boolean durable) throws IOException {
    byte[] json;
    try {
      // not canonical (no tree, no key sorting): nobody hashes a state, and a run writes two
      json = CanonicalJson.mapper().writeValueAsBytes(state);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write the state of " + state.id(), e);
    }
    // 0600: it holds the container's environment (-e values)
    Path file = dir(state.id()).resolve(STATE);
    if (durable) {
      AtomicFiles.write(file, json, PrivateDirs.OWNER_READ_WRITE);
    } else {
      AtomicFiles.writeUnsynced(file, json, PrivateDirs.OWNER_READ_WRITE);
    }
    Backoff.wakeAll(); // its waiters in this JVM (start, wait, attach) look now
  }

  /**
   * Removes a container that is not running: its name, its directory (overlay upper layer,
   * logs), after unmounting anything still mounted below it. Volumes stay.
   */
  public void remove(String id) throws IOException {
    Optional<ContainerState> state = read(id);
    if (state.isPresent()) {
      remove(state.get());
    }
  }

  /** As {@link #remove(String)}, for a state this process holds. */
  public void remove(ContainerState state) throws IOException {
    String id = state.id();
    moveAwayAndDelete(id, () -> {
      String name = recordedName(id).orElse(state.name()); // renamed since it was read
      if (readName(name).filter(id::equals).isPresent()) {
        Files.deleteIfExists(names.resolve(name));
      }
      return true;
    });
  }

  /**
   * Removes the container {@code id} whose record cannot be read ({@link #findUnreadable}):
   * under the lock, its record still unreadable, every name the names index gives it freed,
   * whatever is mounted below its directory unmounted, the directory moved away and deleted.
   * Its processes are not looked for (its record names them). The names freed; empty, and
   * nothing done, when its record reads now or its directory is gone.
   */
  public Optional<List<String>> removeUnreadable(String id) throws IOException {
    List<String> freed = new ArrayList<>();
    boolean removed = moveAwayAndDelete(id, () -> {
      if (!hasUnreadableRecord(id)) {
        return false;
      }
      for (String name : namesOf(id)) {
        Files.deleteIfExists(names.resolve(name));
        freed.add(name);
      }
      return true;
    });
    return removed ? Optional.of(freed) : Optional.empty();
  }

  /** Every name the names index gives {@code id}. */
  private List<String> namesOf(String id) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(names)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(names)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!name.startsWith(".") && readName(name).filter(id::equals).isPresent()) {
          found.add(name);
        }
      }
    }
    return found;
  }

  /** Run under the store's lock before a container's directory goes; false keeps it. */
  @FunctionalInterface
  private interface BeforeRemoval {
    boolean release() throws IOException;
  }

  /**
   * Under the lock: {@code before} (its names), then the mounts below the container's directory
   * unmounted and the directory renamed away; then, outside the lock, deleted. False when the
   * directory is gone or {@code before} kept it.
   */
  private boolean moveAwayAndDelete(String id, BeforeRemoval before) throws IOException {
    Path dir = dir(id);
    Path doomed = root.resolve(TempFiles.nameFor("rm-" + id)); // its owner's PID in its name
    try (StoreLock.Held lock = lock()) {
      Trace.mark("remove: store locked");
      if (!Files.isDirectory(dir) || !before.release()) {
        return false;
      }
      Trace.mark("remove: name freed");
      Mounts.unmountBelow(dir);
      Trace.mark("remove: mounts below looked for");
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    }
    Backoff.wakeAll();
    Trace.mark("remove: directory moved away");
    delete(doomed);
    return true;
  }

  /**
   * Deletes the directories of removed containers whose deletion was cut short (the service
   * killed while its deletion thread worked, a {@code hoist rm} interrupted): those whose
   * process is gone and that have not changed for a minute ({@link TempFiles#removeAbandoned}),
   * and those named {@code .tmp-rm-ID} by earlier versions, unchanged for a minute. Best effort:
   * how many it deleted.
   */
  public int removeAbandonedDeletions() {
    return TempFiles.removeAbandoned(root, null)
        + TempFiles.removeQuietUnowned(root, EARLIER_DELETION);
  }

  /** {@code .tmp-rm-ID}: a removed container's directory as earlier versions named it. */
  private static final java.util.regex.Pattern EARLIER_DELETION = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(AtomicFiles.TEMP_PREFIX + "rm-") + "[0-9a-f]{64}");

  /**
   * Where the directories of removed containers are deleted from now on, in this JVM: by
   * default at once, in the remover's thread. A program that stays up (the Engine API service)
   * passes a thread of its own, so that a removal ({@code docker run --rm}'s last step, whose
   * {@code wait} answers after it) ends once the container is gone from the store (its directory
   * renamed away under the lock, its mounts gone) rather than once its files are deleted.
   * {@code null}: at once again.
   */
  public static void deleteRemovedDirectoriesWith(java.util.concurrent.Executor executor) {
    deletions = executor;
  }

  private static volatile java.util.concurrent.Executor deletions;

  private static void delete(Path doomed) throws IOException {
    java.util.concurrent.Executor executor = deletions;
    if (executor == null) {
      Trees.delete(doomed);
      return;
    }
    try {
      executor.execute(() -> {
        try {
          Trees.delete(doomed);
        } catch (IOException e) {
          System.err.println("hoist: cannot delete " + doomed + ": " + e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      Trees.delete(doomed);
    }
  }

  private StoreLock.Held lock() throws IOException {
    return new StoreLock(home, LOCK).exclusive();
  }
}

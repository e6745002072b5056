package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.Privileges;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container states on disk: names, lookups, state round trips, removal, several processes. */
class ContainerStoreTest {
  @TempDir Path dir;

  private ContainerState draft(String id, String name) {
    ContainerSpec spec = ContainerSpec.builder(List.of(dir.resolve("lower")),
            dir.resolve("home/containers").resolve(id))
        .argv("sh", "-c", "echo hi")
        .mount(new BindMount(dir.resolve("v/_data"), "/data", true))
        .tmpfs(new TmpfsMount("/run", 1 << 20, 01777, false))
        .resources(new Resources(64L << 20, 500_000_000L, 10))
        .network(NetworkMode.HOST)
        .build();
    return ContainerState.builder(id, name).image("busybox").imageId("sha256:abc")
        .created(Instant.now().toString()).runtime("hoist").stopSignal("SIGUSR1")
        .diffIds(List.of("sha256:1")).volumes(List.of("v")).spec(spec).build();
  }

  /**
   * A container's state holds its environment (-e values): other users may not read it, nor
   * traverse to containers' roots (an image's setuid binaries, mounted there while it runs).
   */
  @Test
  void statesAndContainerDirectoriesAreTheOwnersOnly() throws Exception {
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")));
    String id = ContainerStore.newId();
    ContainerState created = store.create(draft(id, "private"));
    store.replace(created.exited(0, Instant.now().toString(), false));
    assertEquals(PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(store.dir(id).resolve(ContainerStore.STATE)));
    assertEquals(PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(dir.resolve("home/containers")));
  }

  /**
   * A run's records are not fsynced: after a crash on XFS a state.json can be empty or cut
   * short. That one container is left out with a warning; the listing, and garbage
   * collection's questions, answer for the others.
   */
  @Test
  void anEmptyOrTruncatedRecordLeavesOutThatContainerWithAWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")), warnings::add);
    String kept = ContainerStore.newId();
    String emptied = ContainerStore.newId();
    String truncated = ContainerStore.newId();
    store.create(draft(kept, "kept"));
    store.create(draft(emptied, "emptied"));
    store.create(draft(truncated, "truncated"));
    crash(store, emptied, truncated);

    assertEquals(List.of(kept), store.list().stream().map(ContainerState::id).toList());
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(" is empty;") != warnings.get(1).contains(" is empty;"),
        warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("container " + emptied
        + " left out: its record " + store.dir(emptied).resolve(ContainerStore.STATE)
        + " is empty")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("container " + truncated
        + " left out:") && w.contains("unreadable")), warnings.toString());
    assertTrue(store.find(emptied).isEmpty());
    assertEquals(3, store.count());

    // removed as the warning says: its name is free again
    dev.hoist.internal.cache.store.Trees.delete(store.dir(emptied));
    String again = ContainerStore.newId();
    assertEquals("emptied", store.create(draft(again, "emptied")).name());
    assertThrows(ConflictException.class, () -> store.create(draft(ContainerStore.newId(),
        "truncated")), "a container whose directory is there keeps its name");
  }

  /** What a crash on XFS can leave: {@code emptied}'s record empty, {@code cut}'s cut short. */
  private static void crash(ContainerStore store, String emptied, String cut) throws Exception {
    Files.write(store.dir(emptied).resolve(ContainerStore.STATE), new byte[0]);
    Path half = store.dir(cut).resolve(ContainerStore.STATE);
    byte[] whole = Files.readAllBytes(half);
    Files.write(half, java.util.Arrays.copyOf(whole, whole.length / 2));
  }

  /**
   * A container whose record a crash left empty or cut short is found by its full or short ID
   * (its directory's name) or the name the index gives it, and removed with what its directory
   * holds: what is mounted below it (root only), its name.
   */
  @Test
  void aContainerWhoseRecordIsUnreadableIsFoundByIdPrefixOrNameAndRemoved() throws Exception {
    List<String> warnings = new ArrayList<>();
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")), warnings::add);
    String broken = ContainerStore.newId();
    String emptied = ContainerStore.newId();
    String kept = ContainerStore.newId();
    store.create(draft(broken, "broken"));
    store.create(draft(emptied, "emptied"));
    store.create(draft(kept, "kept"));
    crash(store, emptied, broken);

    assertEquals(java.util.Optional.of(broken), store.findUnreadable(broken));
    assertEquals(java.util.Optional.of(broken), store.findUnreadable(broken.substring(0, 12)));
    assertEquals(java.util.Optional.of(broken), store.findUnreadable("/broken"));
    assertEquals(java.util.Optional.of(emptied), store.findUnreadable(emptied.substring(0, 7)));
    assertTrue(store.findUnreadable(kept).isEmpty(), "a readable one is found by find");
    assertTrue(store.findUnreadable("kept").isEmpty());
    assertTrue(store.findUnreadable("nothing").isEmpty());
    assertEquals(List.of(), warnings, "looking for them tells nothing");

    Path mounted = store.dir(broken).resolve("rootfs");
    boolean root = Privileges.isRoot();
    if (root) {
      Files.createDirectories(mounted);
      assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", mounted.toString())
          .inheritIO().start().waitFor());
    }
    assertEquals(java.util.Optional.of(List.of("broken")), store.removeUnreadable(broken));
    assertFalse(Files.exists(store.dir(broken)));
    assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mounted + " "),
        "unmounted");
    assertEquals("broken", store.create(draft(ContainerStore.newId(), "broken")).name(),
        "its name is free again");
    assertEquals(java.util.Optional.of(List.of("emptied")), store.removeUnreadable(emptied));
    assertFalse(Files.exists(store.dir(emptied)));

    assertTrue(store.removeUnreadable(kept).isEmpty(), "a readable record is not removed so");
    assertTrue(Files.isDirectory(store.dir(kept)));
    assertTrue(store.removeUnreadable(broken).isEmpty(), "gone already");
  }

  /**
   * A removed container's directory whose deletion was cut short (its process killed) is
   * deleted once its process is gone and it has been quiet for a minute; one a live process is
   * deleting, or one that just changed, stays.
   */
  @Test
  void abandonedDeletionsAreSweptAndLiveOnesKept() throws Exception {
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")));
    String id = ContainerStore.newId();
    store.create(draft(id, "gone"));
    store.remove(id);
    Path root = dir.resolve("home/containers");
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
        Instant.now().minusSeconds(120));
    Path killed = abandoned(root.resolve(".tmp-" + done.pid() + "-"
        + java.util.UUID.randomUUID() + "-rm-" + id), old);
    Path earlier = abandoned(root.resolve(".tmp-rm-" + ContainerStore.newId()), old);
    Path live = abandoned(root.resolve(".tmp-" + ProcessHandle.current().pid() + "-"
        + java.util.UUID.randomUUID() + "-rm-" + id), old);
    Path fresh = abandoned(root.resolve(".tmp-rm-" + ContainerStore.newId()), null);

    assertEquals(2, store.removeAbandonedDeletions());
    assertFalse(Files.exists(killed));
    assertFalse(Files.exists(earlier));
    assertTrue(Files.isDirectory(live));
    assertTrue(Files.isDirectory(fresh));
  }

  /** A directory as a cut-short deletion leaves it: some files left, last changed at mtime. */
  private static Path abandoned(Path doomed, java.nio.file.attribute.FileTime mtime)
      throws Exception {
    Files.createDirectories(doomed.resolve("upper/etc"));
    Files.writeString(doomed.resolve("upper/etc/left"), "left");
    if (mtime != null) {
      Files.setLastModifiedTime(doomed, mtime);
    }
    return doomed;
  }

  @Test
  void statesRoundTripAndAreFoundByNameIdAndPrefix() throws Exception {
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")));
    String id = ContainerStore.newId();
    ContainerState created = store.create(draft(id, "web"));
    ContainerState read = store.require("web");
    assertEquals(created, read);
    assertEquals(created.spec(), read.spec());
    assertEquals(read, store.require(id));
    assertEquals(read, store.require(id.substring(0, 5)));
    assertEquals(read, store.require("/web"));
    assertThrows(IllegalArgumentException.class, () -> store.require("nope"));

    // an ambiguous prefix is refused
    String other = id.substring(0, 3) + ContainerStore.newId().substring(3);
    store.create(draft(other, ""));
    IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class,
        () -> store.require(id.substring(0, 3)));
    assertTrue(ambiguous.getMessage().contains("multiple containers"));
    assertTrue(store.require(other).name().matches("[a-z]+_[a-z]+"));

    IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
        () -> store.create(draft(ContainerStore.newId(), "web")));
    assertTrue(conflict.getMessage().contains("is already in use by container \"" + id));

    store.remove(id);
    assertTrue(store.find("web").isEmpty());
    assertFalse(Files.exists(store.dir(id)));
    store.create(draft(ContainerStore.newId(), "web")); // the name is free again
    assertEquals(2, store.list().size());
  }

  @Test
  void exitFileCompletesARunningState() throws Exception {
    ContainerStore store = new ContainerStore(new HoistHome(dir.resolve("home")));
    String id = ContainerStore.newId();
    ContainerState created = store.create(draft(id, "short"));
    HostProcess me = HostProcess.of(ProcessHandle.current().pid()).orElseThrow();
    store.replace(created.started(me, me, Instant.now().toString(), true));
    assertEquals(ContainerState.Status.RUNNING, store.require(id).status());
    ExitFile.write(store.dir(id).resolve(ContainerStore.EXIT), 42, "2024-01-01T00:00:00Z",
        false);
    ContainerState exited = store.require(id);
    assertEquals(ContainerState.Status.EXITED, exited.status());
    assertEquals(42, exited.exitCode());
    assertEquals("2024-01-01T00:00:00Z", exited.finishedAt());
    assertFalse(exited.oomKilled());

    // an exit the OOM killer caused, as the exit file says it (the monitor's exit step wrote it)
    Files.delete(store.dir(id).resolve(ContainerStore.EXIT)); // as a start does
    store.replace(exited.exited(137, "2024-01-01T00:00:00Z", true)
        .started(me, me, Instant.now().toString(), true));
    assertEquals(ContainerState.Status.RUNNING, store.require(id).status());
    assertFalse(store.require(id).oomKilled(), "a start clears it");
    ExitFile.write(store.dir(id).resolve(ContainerStore.EXIT), 137, "2024-01-01T00:00:01Z",
        true);
    assertTrue(store.require(id).oomKilled());

    // a runtime process and a waiter that are both gone, and no exit file: exited (255)
    String lost = ContainerStore.newId();
    ContainerState c = store.create(draft(lost, "lost"));
    HostProcess gone = new HostProcess(me.pid(), me.startTicks() + 1);
    store.replace(c.started(gone, gone, Instant.now().toString(), false));
    assertEquals(255, store.require(lost).exitCode());

    // a removed container stays removed when its exit is written late
    store.remove(lost);
    ExitFile.write(store.dir(lost).resolve(ContainerStore.EXIT), 0, "x", false);
    assertFalse(Files.exists(store.dir(lost)));
  }

  /** {@code StoreCreator HOME COUNT}: creates COUNT containers with random names. */
  public static final class StoreCreator {
    public static void main(String[] args) throws Exception {
      ContainerStore store = new ContainerStore(new HoistHome(Path.of(args[0])));
      for (int i = 0; i < Integer.parseInt(args[1]); i++) {
        String id = ContainerStore.newId();
        ContainerSpec spec = ContainerSpec.builder(List.of(Path.of("/l")), store.dir(id))
            .argv("true").build();
        ContainerState s = store.create(ContainerState.builder(id, "").image("i")
            .imageId("sha256:0").created(Instant.now().toString()).runtime("hoist").spec(spec)
            .build());
        System.out.println(s.name());
      }
    }
  }

  @Test
  void concurrentProcessesNeverShareAName() throws Exception {
    Path home = dir.resolve("shared");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(ChildJvm.start(StoreCreator.class, home.toString(), "40"));
    }
    Set<String> names = new HashSet<>();
    int total = 0;
    for (Process p : processes) {
      for (String name : new String(p.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).split("\n")) {
        names.add(name);
        total++;
      }
      assertEquals(0, p.waitFor());
    }
    assertEquals(160, total);
    assertEquals(160, names.size());
    assertEquals(160, new ContainerStore(new HoistHome(home)).count());
    assertNotEquals(0, names.size());
  }
}

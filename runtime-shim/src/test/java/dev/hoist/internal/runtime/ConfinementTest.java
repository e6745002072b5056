package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.runtime.RuntimeBehaviourTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the host's files by images and containers, which every {@link Runtime} must
 * refuse (root only; skipped otherwise). One concrete subclass per runtime.
 */
abstract class ConfinementTest extends RuntimeFixture {
  /** Plans a container from {@code image} on {@code lowers} as {@code hoist run} does, runs it. */
  Result runImage(ContainerConfig image, List<Path> lowers, String user, String script)
      throws Exception {
    Path dir = containerDir();
    RunOptions options = RunOptions.builder("image").cmd("sh", "-c", script).user(user)
        .runtime(runtime.name()).build();
    ContainerPlanner.Plan plan = new ContainerPlanner(new VolumeStore(home),
        ShimBinary.locate(home), Map.of("PATH", "/bin"))
        .plan(image, lowers, options, dir);
    return RuntimeBehaviourTest.collect(runtime.start(plan.spec(), Stdio.pipes()), plan.spec());
  }

  static ContainerConfig volumes(String... paths) {
    return ContainerConfig.builder().env(List.of("PATH=/bin"))
        .volumes(new LinkedHashSet<>(List.of(paths))).build();
  }

  /** Every file name in every volume of the home. */
  List<String> volumeContents() throws IOException {
    List<String> names = new ArrayList<>();
    for (VolumeStore.Volume v : new VolumeStore(home).list()) {
      try (var s = Files.walk(v.data())) {
        s.forEach(p -> names.add(v.data().relativize(p).toString()));
      }
    }
    return names;
  }

  @Test
  void imageVolumeCannotClimbOutOfTheRootWithDotDot() throws Exception {
    assumeTrue(Files.exists(Path.of("/etc/shadow")), "the host has no /etc/shadow: skipped");
    Result r = runImage(volumes("/../../../../etc"), List.of(lower), null,
        "cat /etc/shadow; ls /etc");
    assertFalse(r.out().contains("root:"), "the host's shadow is in the container: " + r.out());
    assertTrue(r.out().contains("passwd"), "the image's /etc is: " + r.out() + r.err());
    assertFalse(volumeContents().contains("shadow"), volumeContents().toString());
  }

  @Test
  void imageVolumeCannotFollowASymlinkOntoTheHost() throws Exception {
    assumeTrue(Files.exists(Path.of("/etc/shadow")), "the host has no /etc/shadow: skipped");
    Path evil = Files.createDirectories(tmp.resolve("evil-symlink-layer"));
    Files.createSymbolicLink(evil.resolve("hostroot"), Path.of("/"));
    Result r = runImage(volumes("/hostroot/etc"), List.of(evil, lower), null,
        "cat /hostroot/etc/shadow /etc/shadow; ls /etc");
    assertFalse(r.out().contains("root:"), "the host's shadow is in the container: " + r.out());
    assertTrue(r.out().contains("passwd"), "the image's /etc is: " + r.out() + r.err());
    assertFalse(volumeContents().contains("shadow"), volumeContents().toString());
  }

  /**
   * As php's images: a lower layer makes {@code /data} (root, 0755), an upper one gives it to
   * www-data (33) with {@code chown -R} and 0770; www-data must be able to write its own volume.
   */
  @Test
  void volumeTakesTheMergedImageDirectorysOwnerAndMode() throws Exception {
    Path made = Files.createDirectories(tmp.resolve("made-layer/data/sub"));
    Files.writeString(made.resolve("file"), "from the lower layer\n");
    Path chowned = Files.createDirectories(tmp.resolve("chowned-layer/data/sub"));
    Files.writeString(chowned.resolve("file"), "from the lower layer\n");
    for (Path p : List.of(chowned.getParent(), chowned, chowned.resolve("file"))) {
      Files.setAttribute(p, "unix:uid", 33, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", 33, LinkOption.NOFOLLOW_LINKS);
    }
    Files.setAttribute(chowned.getParent(), "unix:mode", 0770);
    Files.setAttribute(chowned, "unix:mode", 02775);
    Result r = runImage(volumes("/data"),
        List.of(tmp.resolve("chowned-layer"), tmp.resolve("made-layer"), lower), "33:33",
        "stat -c '%u:%g %a' /data /data/sub /data/sub/file; touch /data/new /data/sub/new"
            + " && echo written");
    assertEquals(List.of("33:33 770", "33:33 2775", "33:33 644", "written"),
        RuntimeBehaviourTest.lines(r.out()), r.err());
  }

  @Test
  void hostNetworkingCannotWriteTheHostsEtcFiles() throws Exception {
    List<Path> files = List.of(EtcFiles.HOST_HOSTS, EtcFiles.HOST_RESOLV);
    List<byte[]> before = new ArrayList<>();
    for (Path f : files) {
      assumeTrue(Files.isRegularFile(f), f + " is missing on the host: skipped");
      before.add(Files.readAllBytes(f));
    }
    Path dir = containerDir();
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), dir)
        .argv("sh", "-c", "echo '# written by a container' >> /etc/hosts;"
            + " echo '# written by a container' >> /etc/resolv.conf; cat /etc/resolv.conf")
        .network(NetworkMode.HOST).build();
    Result r;
    try {
      r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    } finally {
      List<Path> written = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (!Arrays.equals(before.get(i), Files.readAllBytes(files.get(i)))) {
          Files.write(files.get(i), before.get(i)); // put the host's file back as it was
          written.add(files.get(i));
        }
      }
      assertEquals(List.of(), written, "the container wrote to the host's files");
    }
    assertEquals(0, r.exit(), r.err());
    // the container has a copy of the host's resolv.conf, which it may change
    assertTrue(r.out().startsWith(new String(before.get(1))), r.out());
    assertTrue(r.out().endsWith("# written by a container\n"), r.out());
  }

  /**
   * Two identical layers (two steps that changed nothing make the same empty layer) give the
   * same snapshot twice: overlayfs refuses a lower directory given twice (ELOOP).
   */
  @Test
  void imageWithTheSameLayerTwiceRuns() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-layer"));
    Path dir = containerDir();
    ContainerSpec spec = ContainerSpec.builder(List.of(empty, lower, empty, lower), dir)
        .argv("sh", "-c", "echo ran").build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.err());
    assertEquals("ran\n", r.out());
  }

  /**
   * Docker's masked paths include {@code /proc/interrupts} and every CPU's
   * {@code thermal_throttle}; the init's command line must not show the host paths of the store.
   */
  @Test
  void hostDetailsAreHidden() throws Exception {
    Path dir = containerDir();
    ContainerSpec spec = ContainerSpec.builder(List.of(lower), dir)
        .argv("sh", "-c", "wc -c < /proc/interrupts; tr '\\0' ' ' < /proc/1/cmdline; echo;"
            + " for d in /sys/devices/system/cpu/cpu*/thermal_throttle; do"
            + " test -d $d && echo $d $(ls $d | wc -l); done; true").build();
    Result r = RuntimeBehaviourTest.collect(runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.err());
    List<String> lines = RuntimeBehaviourTest.lines(r.out());
    assertEquals("0", lines.get(0).trim(), "/proc/interrupts is empty: " + r.out());
    assertFalse(lines.get(1).contains(tmp.toString()), "init's command line: " + lines.get(1));
    assertFalse(lines.get(1).contains("shim.conf"), "init's command line: " + lines.get(1));
    for (String throttle : lines.subList(2, lines.size())) {
      assertTrue(throttle.endsWith(" 0"), "masked: " + throttle);
    }
  }

  /**
   * A container the runtime cannot set up (its working directory is below a file) and a command
   * that exits with 125 itself: only the first has a start error, which says what failed.
   */
  @Test
  void startFailureIsToldApartFromTheCommandsExitStatus() throws Exception {
    Path dir = containerDir();
    ContainerSpec broken = ContainerSpec.builder(List.of(lower), dir)
        .argv("sh", "-c", "echo ran").cwd("/bin/busybox/sub").build();
    ContainerProcess p = runtime.start(broken, Stdio.pipes());
    Result r = RuntimeBehaviourTest.collect(p, broken);
    assertTrue(r.exit() != 0, "exit status " + r.exit());
    assertFalse(r.out().contains("ran"), r.out());
    assertTrue(p.startError().isPresent(), "no start error; stderr: " + r.err());
    assertTrue(p.startError().get().contains("busybox"), p.startError().get());

    Path dir2 = containerDir();
    ContainerSpec exits125 = ContainerSpec.builder(List.of(lower), dir2)
        .argv("sh", "-c", "exit 125").build();
    ContainerProcess q = runtime.start(exits125, Stdio.pipes());
    assertEquals(125, RuntimeBehaviourTest.collect(q, exits125).exit());
    assertEquals(java.util.Optional.empty(), q.startError());
  }
}

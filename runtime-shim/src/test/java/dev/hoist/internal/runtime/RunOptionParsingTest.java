package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for run options: command, environment, units, mounts. */
class RunOptionParsingTest {
  @TempDir Path dir;

  private static ContainerConfig image(List<String> entrypoint, List<String> cmd) {
    return ContainerConfig.builder().entrypoint(entrypoint).cmd(cmd).build();
  }

  @Test
  void commandFollowsDockersEntrypointAndCmdRules() {
    ContainerConfig both = image(List.of("/entry", "-x"), List.of("default"));
    assertEquals(List.of("/entry", "-x", "default"), ProcessCommand.argv(both, null, List.of()));
    assertEquals(List.of("/entry", "-x", "mine"), ProcessCommand.argv(both, null,
        List.of("mine")));
    // --entrypoint replaces the entrypoint and drops the image's Cmd
    assertEquals(List.of("/other"), ProcessCommand.argv(both, "/other", List.of()));
    assertEquals(List.of("/other", "a"), ProcessCommand.argv(both, "/other", List.of("a")));
    // --entrypoint "" clears it: the arguments alone are the command
    assertEquals(List.of("ls"), ProcessCommand.argv(both, "", List.of("ls")));
    assertEquals(List.of("sh"), ProcessCommand.argv(image(null, List.of("sh")), null, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> ProcessCommand.argv(image(null, null), null, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> ProcessCommand.argv(both, "", List.of()));
  }

  @Test
  void entrypointAndCommandAreKeptApartAsDockersConfigShowsThem() {
    ContainerConfig both = image(List.of("/entry", "-x"), List.of("default"));
    CreateConfig image = ProcessCommand.split(both, null, List.of(), false, null);
    assertEquals(List.of("/entry", "-x"), image.entrypoint());
    assertEquals(List.of("default"), image.cmd());
    CreateConfig mine = ProcessCommand.split(both, null, List.of("mine"), true, "nobody");
    assertEquals(List.of("/entry", "-x"), mine.entrypoint());
    assertEquals(List.of("mine"), mine.cmd());
    assertTrue(mine.openStdin());
    assertEquals("nobody", mine.user());
    CreateConfig other = ProcessCommand.split(both, "/other", List.of(), false, null);
    assertEquals(List.of("/other"), other.entrypoint());
    assertNull(other.cmd(), "--entrypoint drops the image's Cmd: Docker shows null");
    CreateConfig cleared = ProcessCommand.split(both, "", List.of("ls"), false, null);
    assertNull(cleared.entrypoint());
    assertEquals(List.of("ls"), cleared.cmd());
    assertEquals(ProcessCommand.argv(both, null, List.of("mine")), mine.argv());
  }

  @Test
  void anOlderRecordsJoinedArgvIsSplitAtTheImagesEntrypoint() {
    CreateConfig split = CreateConfig.guess(List.of("/entry", "-x", "a"), List.of("/entry", "-x"));
    assertEquals(List.of("/entry", "-x"), split.entrypoint());
    assertEquals(List.of("a"), split.cmd());
    CreateConfig other = CreateConfig.guess(List.of("/other", "a"), List.of("/entry", "-x"));
    assertNull(other.entrypoint(), "a command that does not start with it replaced it");
    assertEquals(List.of("/other", "a"), other.cmd());
    assertNull(CreateConfig.guess(List.of("/entry"), List.of("/entry")).cmd());
  }

  @Test
  void environmentMergesImageFileOptionsAndHost() throws Exception {
    Path file = dir.resolve("env");
    Files.writeString(file, "# comment\n\nA=file\nB=file\nFROM_HOST\n");
    List<String> env = new EnvironmentMerge(Map.of("FROM_HOST", "host", "OPT_HOST", "h2"))
        .image(List.of("PATH=/bin", "A=image", "C=image"))
        .file(file)
        .option("B=option")
        .option("OPT_HOST")
        .option("MISSING_ON_HOST")
        .option("EMPTY=")
        .build("box", "/home/u", true);
    assertEquals(List.of("PATH=/bin", "A=file", "C=image", "B=option", "FROM_HOST=host",
        "OPT_HOST=h2", "EMPTY=", "HOSTNAME=box", "TERM=xterm", "HOME=/home/u"), env);
    List<String> defaults = new EnvironmentMerge(Map.of()).build("h", null, false);
    assertEquals(List.of(EnvironmentMerge.DEFAULT_PATH, "HOSTNAME=h", "HOME=/"), defaults);
    assertThrows(IllegalArgumentException.class,
        () -> new EnvironmentMerge(Map.of()).option("=x"));
  }

  @Test
  void sizesAndCpusInDockersUnits() {
    assertEquals(512, ResourceUnits.bytes("512"));
    assertEquals(512, ResourceUnits.bytes("512b"));
    assertEquals(64L << 20, ResourceUnits.bytes("64m"));
    assertEquals(64L << 20, ResourceUnits.bytes("64MB"));
    assertEquals(3L << 29, ResourceUnits.bytes("1.5g"));
    assertEquals(2048, ResourceUnits.bytes("2k"));
    assertThrows(IllegalArgumentException.class, () -> ResourceUnits.bytes("lots"));
    assertThrows(IllegalArgumentException.class, () -> ResourceUnits.bytes("-1m"));
    assertEquals(1_500_000_000L, ResourceUnits.nanoCpus("1.5"));
    assertEquals(250_000_000L, ResourceUnits.nanoCpus("0.25"));
    assertThrows(IllegalArgumentException.class, () -> ResourceUnits.nanoCpus("two"));
  }

  @Test
  void volumeAndMountOptions() {
    MountRequest bind = MountRequest.parseVolume("/host/dir:/in:ro");
    assertEquals(MountRequest.Type.BIND, bind.type());
    assertEquals("/host/dir", bind.source());
    assertTrue(bind.readOnly());
    MountRequest named = MountRequest.parseVolume("data:/var/lib/data");
    assertEquals(MountRequest.Type.VOLUME, named.type());
    assertEquals("data", named.source());
    assertFalse(named.readOnly());
    MountRequest anonymous = MountRequest.parseVolume("/scratch");
    assertEquals(MountRequest.Type.VOLUME, anonymous.type());
    assertNull(anonymous.source());
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseVolume("a:b:c:d"));
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseVolume("data:rel"));
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseVolume("x:/in:zz"));
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseVolume("b@d:/in"));

    MountRequest tmpfs = MountRequest.parseMount("type=tmpfs,target=/run,tmpfs-size=64m,"
        + "tmpfs-mode=1770");
    assertEquals(MountRequest.Type.TMPFS, tmpfs.type());
    assertEquals(64L << 20, tmpfs.tmpfsSize());
    assertEquals(01770, tmpfs.tmpfsMode());
    MountRequest ro = MountRequest.parseMount("type=bind,src=/h,dst=/c,readonly");
    assertEquals(MountRequest.Type.BIND, ro.type());
    assertTrue(ro.readOnly());
    assertEquals(MountRequest.Type.VOLUME,
        MountRequest.parseMount("source=v1,target=/v").type());
    assertThrows(IllegalArgumentException.class,
        () -> MountRequest.parseMount("type=nfs,target=/x"));
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseMount("type=bind"));
    assertThrows(IllegalArgumentException.class,
        () -> MountRequest.parseMount("type=bind,target=/x"));
    assertThrows(IllegalArgumentException.class,
        () -> MountRequest.parseMount("type=tmpfs,source=x,target=/x"));
    assertThrows(IllegalArgumentException.class,
        () -> MountRequest.parseMount("target=/x,color=blue"));
  }

  @Test
  void tmpfsShortFormAsDockersTmpfsFlag() {
    assertEquals(new MountRequest(MountRequest.Type.TMPFS, null, "/run", false, 0, 01777),
        MountRequest.parseTmpfs("/run"));
    MountRequest sized = MountRequest.parseTmpfs("/scratch:rw,noexec,nosuid,size=8m,mode=1770");
    assertEquals(8L << 20, sized.tmpfsSize());
    assertEquals(01770, sized.tmpfsMode());
    assertFalse(sized.tmpfsExec());
    assertTrue(MountRequest.parseTmpfs("/tmp:exec").tmpfsExec());
    IllegalArgumentException uid = assertThrows(IllegalArgumentException.class,
        () -> MountRequest.parseTmpfs("/tmp:uid=1000"));
    assertTrue(uid.getMessage().contains("uid=1000"), uid.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MountRequest.parseTmpfs("tmp"));
  }

  @Test
  void volumesFromTakesModesAsDockerAndALaterSourceReplacesAnEarliersDestination()
      throws Exception {
    assertEquals(new VolumesFrom("data", null), VolumesFrom.parse("data"));
    assertTrue(VolumesFrom.parse("data:ro").readOnly());
    assertTrue(VolumesFrom.parse("data:z,ro").readOnly());
    assertFalse(VolumesFrom.parse("data:rw").readOnly());
    assertEquals("data:ro", VolumesFrom.parse("data:ro").toString());
    assertEquals("invalid mode: shared (--volumes-from data:ro or :rw)", assertThrows(
        IllegalArgumentException.class, () -> VolumesFrom.parse("data:shared")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> VolumesFrom.parse("data:ro,rw"));
    assertEquals("invalid mode: ro,ro", assertThrows(IllegalArgumentException.class,
        () -> VolumesFrom.parse("data:ro,ro")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> VolumesFrom.parse("data:z,Z"));
    assertThrows(IllegalArgumentException.class, () -> VolumesFrom.parse(""));

    ContainerStore store = new ContainerStore(new dev.hoist.internal.cache.store.HoistHome(
        dir.resolve("home")));
    Path volume = dir.resolve("home/volumes/v1/_data");
    store.create(source("1".repeat(64), "first", List.of("v1"),
        new BindMount(volume, "/data", false), new BindMount(dir.resolve("a"), "/a", true)));
    store.create(source("2".repeat(64), "second", List.of(),
        new BindMount(dir.resolve("b"), "/a/", false)));
    List<InheritedMount> taken = InheritedMount.of(List.of(VolumesFrom.parse("first:rw"),
        VolumesFrom.parse("second:ro")), store);
    // a read-only mount stays so with :rw; /a/ of the later source replaces /a
    assertEquals(List.of(new InheritedMount(new BindMount(volume, "/data", false), "v1"),
        new InheritedMount(new BindMount(dir.resolve("b"), "/a/", true), null)), taken);
    assertEquals(new InheritedMount(new BindMount(dir.resolve("a"), "/a", true), null),
        InheritedMount.of(List.of(VolumesFrom.parse("first:rw")), store).get(1));
    assertEquals("No such container: third", assertThrows(IllegalArgumentException.class,
        () -> InheritedMount.of(List.of(VolumesFrom.parse("third")), store)).getMessage());
  }

  private ContainerState source(String id, String name, List<String> volumes,
      BindMount... mounts) {
    ContainerSpec.Builder spec = ContainerSpec.builder(List.of(dir.resolve("lower")),
        dir.resolve("c").resolve(name)).argv("true");
    for (BindMount m : mounts) {
      spec.mount(m);
    }
    return ContainerState.builder(id, name).image("busybox").imageId("sha256:abc")
        .volumes(volumes).spec(spec.build()).build();
  }
}

package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * Quick commands do only the work they need: checked by the classes a fresh hoist process loads
 * ({@code -Xlog:class+load}), as building picocli's model and Jackson's (de)serializers is most
 * of a quick command's start-up.
 */
class StartupTest {
  @TempDir Path dir;
  private String output; // of the last classesLoadedBy

  /** The names of the classes a fresh JVM running {@code hoist args} loaded; it must exit 0. */
  private Set<String> classesLoadedBy(String... args) throws Exception {
    Path log = dir.resolve("classes-" + String.join("_", args).replace('-', 'x') + ".log");
    String[] childArgs = new String[args.length + 1];
    childArgs[0] = dir.resolve("home").toString();
    System.arraycopy(args, 0, childArgs, 1, args.length);
    Process hoist = ChildJvm.start(List.of("-Xshare:off", "-Xlog:class+load:file=" + log),
        HoistInHome.class, childArgs);
    String out = new String(hoist.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(hoist.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, hoist.exitValue(), out);
    output = out;
    // lines like "[0.123s][info][class,load] picocli.CommandLine source: file:/…"
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("[class,load] "))
          .map(l -> l.substring(l.indexOf("[class,load] ") + 13).split(" ")[0])
          .collect(Collectors.toSet());
    }
  }

  @Test
  void versionAloneBuildsNoPicocliModelAndLoadsNoJsonMapper() throws Exception {
    for (String command : new String[] {"version", "--version", "-V"}) {
      Set<String> loaded = classesLoadedBy(command);
      assertTrue(loaded.contains("dev.hoist.cli.VersionProvider"), command + " ran elsewhere");
      assertFalse(loaded.contains("picocli.CommandLine"), command + " built picocli's model");
      assertFalse(loaded.contains("com.fasterxml.jackson.databind.ObjectMapper"),
          command + " loaded Jackson's mapper");
    }
  }

  @Test
  void quickVersionPrintsWhatPicocliPrints() {
    // with --debug the same commands go through picocli
    assertEquals(CliRun.run("--debug", "version"), CliRun.run("version"));
    assertEquals(CliRun.run("--debug", "--version"), CliRun.run("--version"));
    assertEquals(CliRun.run("--debug", "-V"), CliRun.run("-V"));
    assertTrue(CliRun.run("version").out().startsWith("Client: hoist"));
    assertTrue(CliRun.run("version", "--help").out().contains("Show version information."));
  }

  @Test
  void imagesQuietReadsNoConfigAndWarmsNoContainerState() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.writeString(rootfs.resolve("motd"), "welcome\n");
    Path tar = dir.resolve("rootfs.tar");
    Process p = new ProcessBuilder("tar", "-C", dir.resolve("rootfs").toString(), "-cf",
        tar.toString(), ".").inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    System.setProperty("hoist.home", dir.resolve("home").toString());
    String id;
    try {
      assertEquals(0, CliRun.run("import", tar.toString(), "demo:1").code());
      id = CliRun.run("images", "-q").out();
    } finally {
      System.clearProperty("hoist.home");
    }
    assertEquals(13, id.length(), id); // one ID and a newline

    Set<String> loaded = classesLoadedBy("images", "-q");
    assertEquals(id, output);
    assertTrue(loaded.contains("dev.hoist.cache.model.ImageManifest"), "no manifest read");
    assertFalse(loaded.contains("dev.hoist.cache.model.ImageConfig"), "images -q read a config");
    assertFalse(loaded.contains("dev.hoist.internal.runtime.ContainerState"),
        "images warmed the container state's serializer");
  }

  @Test
  void subcommandTableNamesAreTheAnnotatedNames() {
    Main.subcommands().forEach((name, type) ->
        assertEquals(name, type.getAnnotation(Command.class).name(), type.getName()));
    assertEquals(53, Main.subcommands().size()); // 43 + events, history, commit, top, stats, update, attach, compose, buildx, manifest
  }
}

package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.fixtures.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, images, tag, inspect, save, load, rmi and system prune, through the CLI. */
class ImageCommandsTest {
  @TempDir Path dir;
  private Path home;
  private Path rootfsTar;

  @BeforeEach
  void setUp() throws Exception {
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/motd"), "welcome\n");
    rootfsTar = dir.resolve("rootfs.tar");
    Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", rootfsTar.toString(),
        ".").inheritIO().start();
    assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, tar.exitValue());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  /**
   * An image whose config names no os nor architecture (made by hand, or by an old tool) is
   * listed and inspected, by the CLI and by the Java API, rather than refused.
   */
  @Test
  void anImageWhoseConfigNamesNoPlatformIsListedAndInspected() throws Exception {
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "plain:1").code());
    var store = new dev.hoist.internal.cache.images.ImageStore(
        new dev.hoist.internal.cache.store.HoistHome(home));
    var images = new dev.hoist.internal.cache.images.StoreImages(store);
    var plain = (dev.hoist.cache.image.Image) images.artifact(
        store.resolve("plain:1").orElseThrow(), "plain:1");
    var bare = dev.hoist.cache.image.Mutate.config(plain, c -> new dev.hoist.cache.model
        .ImageConfig(c.created(), c.author(), null, null, null, null, null, c.config(),
        c.rootfs(), c.history(), c.unknownFields()));
    new dev.hoist.cache.image.ImageWriter(1, dev.hoist.cache.image.ProgressListener.NONE)
        .write(bare, images.target(dev.hoist.cache.image.ImageName.parse("bare:1")));
    assertTrue(bare.config().declaredPlatform().isEmpty(), "written without one");

    CliRun listed = CliRun.run("images");
    assertEquals(0, listed.code(), listed.err());
    assertTrue(listed.out().contains("bare "), listed.out());
    CliRun inspect = CliRun.run("inspect", "bare:1");
    assertEquals(0, inspect.code(), inspect.err());
    JsonNode json = new ObjectMapper().readTree(inspect.out()).get(0);
    assertEquals(bare.descriptor().digest().toString(),
        json.get("Descriptor").get("digest").asText(), inspect.out());
    assertEquals("", json.path("Architecture").asText(), inspect.out());

    try (dev.hoist.api.EmbeddedHoist api = dev.hoist.api.EmbeddedHoist.builder().home(home)
        .environment(Map.of()).hostRegistrySettings(false).open()) {
      dev.hoist.api.InspectedImage inspected = api.inspect("bare:1");
      assertEquals(null, inspected.platform(), "no platform declared");
      assertEquals(bare.descriptor().digest(), inspected.manifest().digest());
      assertTrue(api.images().stream().anyMatch(i -> i.toString().contains("bare")),
          api.images().toString());
    }
  }

  @Test
  void importTagInspectRemove() throws Exception {
    CliRun imported = CliRun.run("import", rootfsTar.toString(), "demo:1");
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().startsWith("sha256:"), imported.out());

    assertEquals(0, CliRun.run("tag", "demo:1", "registry.example.com/team/demo:prod").code());
    CliRun images = CliRun.run("images");
    assertTrue(images.out().startsWith("REPOSITORY"), images.out());
    assertTrue(images.out().contains("demo  "), images.out());
    assertTrue(images.out().contains("registry.example.com/team/demo"), images.out());
    // as docker's: one ID per line of the list, so an image with two tags twice
    List<String> ids = CliRun.run("images", "-q").out().lines().toList();
    assertEquals(2, ids.size());
    assertEquals(ids.get(0), ids.get(1));

    CliRun inspect = CliRun.run("inspect", "demo:1");
    assertEquals(0, inspect.code(), inspect.err());
    JsonNode json = new ObjectMapper().readTree(inspect.out());
    assertEquals("amd64", json.get(0).get("Architecture").asText());
    assertEquals(2, json.get(0).get("RepoTags").size());
    assertEquals(1, json.get(0).get("RootFS").get("Layers").size());

    CliRun ambiguous = CliRun.run("rmi",
        json.get(0).get("Descriptor").get("digest").asText().substring(7, 19));
    assertEquals(1, ambiguous.code());
    assertTrue(ambiguous.err().contains("conflict: unable to delete " + ids.get(0)
        + " (must be forced) - image is referenced in multiple repositories"), ambiguous.err());

    CliRun rmi = CliRun.run("rmi", "demo:1");
    assertEquals(0, rmi.code(), rmi.err());
    assertTrue(rmi.out().contains("Untagged: demo:1"), rmi.out());
    assertFalse(rmi.out().contains("Deleted"), "content still tagged elsewhere was deleted");

    CliRun last = CliRun.run("rmi", "registry.example.com/team/demo:prod");
    assertTrue(last.out().contains("Deleted: 3 blobs"), last.out());
    assertEquals("", CliRun.run("images", "-q").out());
  }

  @Test
  void removingTheIdsImagesQuietPrintsWorksAsDockers() throws Exception {
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "single:1").code());
    Thread.sleep(1100); // another time, another image
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "many:1").code());
    assertEquals(0, CliRun.run("tag", "many:1", "many:2").code());
    assertEquals(0, CliRun.run("tag", "many:1", "elsewhere/many:1").code());
    List<String> ids = CliRun.run("images", "-q").out().lines().toList();
    assertEquals(4, ids.size(), ids.toString());

    // hoist images -q | xargs hoist rmi: the image with one tag goes; the one with three is
    // refused, once per line, as Docker refuses it
    CliRun plain = CliRun.run(args("rmi", ids));
    assertEquals(1, plain.code());
    assertTrue(plain.out().contains("Untagged: single:1"), plain.out());
    assertEquals(3, plain.err().lines().filter(l -> l.contains(
        "(must be forced) - image is referenced in multiple repositories")).count(), plain.err());
    assertEquals(3, CliRun.run("images", "-q").out().lines().count());

    // with -f: every tag goes with the first line, the next lines name an image gone
    List<String> left = CliRun.run("images", "-q").out().lines().toList();
    CliRun forced = CliRun.run(args("rmi -f", left));
    assertTrue(forced.out().contains("Untagged: many:1"), forced.out());
    assertTrue(forced.out().contains("Untagged: many:2"), forced.out());
    assertTrue(forced.out().contains("Untagged: elsewhere/many:1"), forced.out());
    assertEquals(2, forced.err().lines().filter(l -> l.contains("no such image")).count(),
        forced.err());
    assertEquals("", CliRun.run("images", "-q").out());
  }

  private static String[] args(String command, List<String> more) {
    List<String> all = new java.util.ArrayList<>(List.of(command.split(" ")));
    all.addAll(more);
    return all.toArray(String[]::new);
  }

  /** {@code hoist import} in a hoist process of its own, with {@code environment}; its output. */
  private String importInChild(Path otherHome, Map<String, String> environment)
      throws Exception {
    Process hoist = ChildJvm.start(environment, List.of(), HoistInHome.class,
        otherHome.toString(), "import", rootfsTar.toString(), "demo:1");
    String out = new String(hoist.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(hoist.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, hoist.exitValue(), out);
    return out.strip();
  }

  @Test
  void importWithSourceDateEpochIsReproducible() throws Exception {
    Map<String, String> epoch = Map.of("SOURCE_DATE_EPOCH", "1700000000");
    String first = importInChild(dir.resolve("home-a"), epoch);
    Thread.sleep(1100); // a second later: a time stamped from the clock would differ
    String second = importInChild(dir.resolve("home-b"), epoch);
    assertTrue(first.startsWith("sha256:"), first);
    assertEquals(first, second);

    System.setProperty("hoist.home", dir.resolve("home-a").toString());
    // the history's time too: the same image ID above
    JsonNode image = new ObjectMapper().readTree(CliRun.run("inspect", "demo:1").out()).get(0);
    assertEquals("2023-11-14T22:13:20Z", image.get("Created").asText());

    // without it, the time is now's: another second, another image
    Thread.sleep(1100);
    assertFalse(first.equals(importInChild(dir.resolve("home-c"), Map.of())));
  }

  @Test
  void saveAndLoadBothFormats() throws Exception {
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "demo:1").code());
    String id = CliRun.run("images", "-q", "--no-trunc").out().strip();
    for (String format : new String[] {"docker", "oci"}) {
      Path archive = dir.resolve(format + ".tar");
      CliRun save = CliRun.run("save", "demo:1", "--format", format, "-o", archive.toString());
      assertEquals(0, save.code(), save.err());
      System.setProperty("hoist.home", dir.resolve("other-" + format).toString());
      CliRun load = CliRun.run("load", "-i", archive.toString());
      assertEquals(0, load.code(), load.err());
      assertEquals("Loaded image: demo:1\n", load.out());
      assertEquals(id, CliRun.run("images", "-q", "--no-trunc").out().strip());
      System.setProperty("hoist.home", home.toString());
    }
  }

  @Test
  void errorsAreOneClearLine() {
    CliRun missing = CliRun.run("inspect", "nothere:1");
    assertEquals(1, missing.code());
    assertEquals("error: No such object: nothere:1\n", missing.err());
    CliRun badName = CliRun.run("tag", "x", "Not/Valid");
    assertEquals(1, badName.code());
    CliRun notTar = CliRun.run("import", dir.resolve("rootfs").resolve("etc/motd").toString(), "x:1");
    assertEquals(1, notTar.code());
    assertTrue(notTar.err().contains("not a tar archive"), notTar.err());
    CliRun noFile = CliRun.run("load", "-i", dir.resolve("absent.tar").toString());
    assertEquals(1, noFile.code());
    assertTrue(noFile.err().contains("absent.tar: no such file"), noFile.err());
  }

  /** Builds an image without -t (a LABEL only: no RUN, no root needed); its ID. */
  private String buildUntagged(String label) throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx-" + label));
    Files.writeString(context.resolve("Dockerfile"), "FROM demo:1\nLABEL v=" + label + "\n");
    CliRun build = CliRun.run("build", "-q", context.toString());
    assertEquals(0, build.code(), build.err());
    return build.out().strip();
  }

  private static String dfImagesRow() {
    return CliRun.run("system", "df").out().lines().filter(l -> l.startsWith("Images"))
        .findFirst().orElseThrow().replaceAll(" +", " ");
  }

  @Test
  void danglingImagesAreListedRemovedAndPruned() throws Exception {
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "demo:1").code());
    String first = buildUntagged("1");
    String second = buildUntagged("2");
    assertTrue(first.startsWith("sha256:") && !first.equals(second), first + " " + second);

    List<String> rows = CliRun.run("images").out().lines().toList();
    assertEquals(4, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(1).startsWith("demo "), rows.get(1));
    assertTrue(rows.get(2).matches("<none> +<none> +" + first.substring(7, 19) + " .*B"),
        rows.get(2));
    assertTrue(rows.get(3).matches("<none> +<none> +" + second.substring(7, 19) + " .*B"),
        rows.get(3));
    assertTrue(CliRun.run("images", "-q", "--no-trunc").out().lines().toList()
        .containsAll(List.of(first, second)));
    assertTrue(dfImagesRow().startsWith("Images 3 1 "), dfImagesRow());

    CliRun rmi = CliRun.run("rmi", first.substring(7, 19));
    assertEquals(0, rmi.code(), rmi.err());
    assertTrue(rmi.out().startsWith("Deleted: " + first + "\n"), rmi.out());
    assertTrue(rmi.out().contains("Deleted: 2 blobs"), "manifest and config: " + rmi.out());
    assertEquals(2, CliRun.run("images", "-q").out().lines().count());

    // a container created from a dangling image keeps it from a prune
    CliRun create = CliRun.run("create", "--name", "holder", second, "true");
    assertEquals(0, create.code(), create.err());
    assertTrue(dfImagesRow().matches("Images 2 2 \\S+ 0B"), dfImagesRow());
    CliRun kept = CliRun.run("image", "prune", "-f"); // system prune removes the container too
    assertEquals(0, kept.code(), kept.err());
    assertFalse(kept.out().contains("Deleted Images"), kept.out());
    assertEquals(2, CliRun.run("images", "-q").out().lines().count());

    assertEquals(0, CliRun.run("rm", "holder").code());
    String reclaimable = dfImagesRow().split(" ")[4];
    assertFalse(reclaimable.equals("0B"), dfImagesRow());
    CliRun prune = CliRun.run("system", "prune", "-f");
    assertEquals(0, prune.code(), prune.err());
    assertTrue(prune.out().startsWith("Deleted Images:\ndeleted: " + second + "\n"),
        prune.out());
    assertTrue(prune.out().contains("Total reclaimed space: " + reclaimable), prune.out());
    assertEquals(1, CliRun.run("images", "-q").out().lines().count());
    assertTrue(dfImagesRow().startsWith("Images 1 1 "), dfImagesRow());
    assertEquals(0, CliRun.run("system", "check").code());
  }

  @Test
  void pruneRemovesOnlyUnreferencedContent() throws Exception {
    assertEquals(0, CliRun.run("import", rootfsTar.toString(), "keep:1").code());
    Path stray = home.resolve("blobs/sha256/" + "0".repeat(64));
    Files.writeString(stray, "not referenced by anything");
    CliRun prune = CliRun.run("system", "prune", "--force");
    assertEquals(0, prune.code(), prune.err());
    assertTrue(prune.out().contains("Deleted 1 blobs"), prune.out());
    assertFalse(Files.exists(stray));
    assertEquals(0, CliRun.run("system", "check").code());
    assertEquals(1, CliRun.run("images", "-q").out().strip().lines().count());
    CliRun df = CliRun.run("system", "df");
    assertTrue(df.out().contains("Images"), df.out());
  }
}

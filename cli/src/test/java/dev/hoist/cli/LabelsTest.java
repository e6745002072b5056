package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --label} and {@code --label-file} on run/create and {@code volume create --label}:
 * kept in the container's (volume's) record, merged over the image's labels as Docker's, and
 * seen by inspect, {@code ps --format}, {@code ps --filter label}, the prune filters and
 * {@code volume ls --filter label}; on real containers from busybox images (root and
 * busybox-static; skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    HoistHome h = CliHome.forContainers(dir);
    BusyboxImage.create(h, dir, "plain:1", ContainerConfig.builder().cmd(List.of("sh")).build());
    BusyboxImage.create(h, dir, "labelled:1", ContainerConfig.builder().cmd(List.of("sh"))
        .labels(Map.of("team", "image", "keep", "img")).build());
    Path file = dir.resolve("labels");
    Files.writeString(file, "# a comment\n\nfromfile=yes\nteam=file\n");
    ok("create", "--name", "lab", "--network", "none", "--label-file", file.toString(),
        "--label", "team=mine", "-l", "flag", "labelled:1", "true");
    ok("create", "--name", "nolab", "--network", "none", "plain:1", "true");
  }

  @AfterAll
  void tearDown() {
    hoist("rm", "-f", "lab", "nolab", "prune-a", "prune-b");
    CliHome.release();
  }

  @Test
  void inspectShowsTheFlagsAndFileOverTheImagesLabels() throws Exception {
    JsonNode labels = JSON.readTree(ok("inspect", "--format", "{{json .Config.Labels}}", "lab")
        .out());
    assertEquals(JSON.readTree("{\"flag\":\"\",\"fromfile\":\"yes\",\"keep\":\"img\","
        + "\"team\":\"mine\"}"), labels);
    assertEquals("{}", ok("inspect", "--format", "{{json .Config.Labels}}", "nolab").out()
        .trim());
  }

  @Test
  void anUnnamedContainerKeepsItsLabels() throws Exception {
    // the store names it: the name given to its record must not lose its config (it did)
    String id = ok("create", "--network", "none", "--label", "unnamed=yes", "plain:1", "true")
        .out().trim();
    try {
      assertEquals("yes", ok("inspect", "--format", "{{index .Config.Labels \"unnamed\"}}", id)
          .out().trim());
    } finally {
      ok("rm", id);
    }
  }

  @Test
  void psFormatsAndFiltersByTheContainersLabels() {
    assertEquals("flag=,fromfile=yes,keep=img,team=mine",
        ok("ps", "-a", "--filter", "name=^lab$", "--format", "{{.Labels}}").out().trim());
    assertEquals("mine", ok("ps", "-a", "--filter", "name=^lab$", "--format",
        "{{.Label \"team\"}}").out().trim());
    assertEquals(List.of("lab"), names("--filter", "label=team=mine"));
    assertEquals(List.of("lab"), names("--filter", "label=flag"));
    assertEquals(List.of("lab"), names("--filter", "label=flag=", "--filter", "label=keep"));
    assertEquals(List.of(), names("--filter", "label=team=image"));
  }

  private static List<String> names(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
    all.addAll(List.of(args));
    return ok(all.toArray(String[]::new)).out().lines().sorted().toList();
  }

  @Test
  void pruneFiltersSelectContainersByLabel() {
    ok("create", "--name", "prune-a", "--network", "none", "--label", "prune=a", "plain:1",
        "true");
    ok("create", "--name", "prune-b", "--network", "none", "--label", "prune=b", "plain:1",
        "true");
    String out = ok("container", "prune", "-f", "--filter", "label=prune=a").out();
    assertTrue(out.contains("Deleted Containers:"), out);
    List<String> left = names("--filter", "label=prune");
    assertEquals(List.of("prune-b"), left);
    // label!= keeps what has the label: only prune-b carries prune=b, lab and nolab lack it
    ok("system", "prune", "-f", "--filter", "label=prune", "--filter", "label!=prune=x");
    assertEquals(List.of(), names("--filter", "label=prune"));
    assertEquals(List.of("lab", "nolab"), names("--filter", "name=lab"));
  }

  @Test
  void volumesKeepTheirLabels() throws Exception {
    ok("volume", "create", "--label", "v=1", "--label", "empty", "labelled-vol");
    ok("volume", "create", "plain-vol");
    JsonNode inspect = JSON.readTree(ok("volume", "inspect", "labelled-vol").out()).get(0);
    assertEquals(JSON.readTree("{\"empty\":\"\",\"v\":\"1\"}"), inspect.get("Labels"));
    assertEquals(List.of("labelled-vol"), ok("volume", "ls", "-q", "--filter", "label=v=1")
        .out().lines().toList());
    assertFalse(ok("volume", "ls", "-q").out().lines().toList().isEmpty());
    assertEquals("{}", JSON.readTree(ok("volume", "inspect", "plain-vol").out()).get(0)
        .get("Labels").toString());
  }

  @Test
  void anEmptyLabelKeyOrAMissingFileIsOneClearError() {
    ContainerCommandsTest.Result r = hoist("create", "--label", "=v", "plain:1", "true");
    assertEquals(125, r.code(), r.all());
    assertTrue(r.err().contains("invalid label '=v'"), r.all());
    r = hoist("create", "--label-file", dir.resolve("absent").toString(), "plain:1", "true");
    assertEquals(125, r.code(), r.all());
    assertTrue(r.err().contains("no such file"), r.all());
    assertFalse(r.err().contains("Exception"), r.all());
  }
}

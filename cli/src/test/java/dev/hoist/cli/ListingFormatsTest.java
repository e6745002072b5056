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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ps}, {@code images}, {@code volume ls}, {@code network ls}: Docker's {@code --format}
 * (fields, headers, default tables and {@code json} as docker/cli's formatter, the facts in
 * {@code docker-formatter-facts.json}) and {@code --filter}, each filter shown to include one
 * and exclude another, on real containers from busybox images (root and busybox-static;
 * skipped otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  JsonNode facts;
  String runningId;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    try (InputStream in = getClass().getResourceAsStream("/docker-formatter-facts.json")) {
      facts = JSON.readTree(in);
    }
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    HoistHome h = new HoistHome(home);
    BusyboxImage.create(h, dir, "plain:1", ContainerConfig.builder().cmd(List.of("sh")).build());
    Thread.sleep(1100); // images apart in time, for before and since
    BusyboxImage.create(h, dir, "labelled:1", ContainerConfig.builder().cmd(List.of("sh"))
        .labels(Map.of("com.example.team", "blue", "tier", "web")).build());
    ok("network", "create", "listing-net");
    ok("create", "--name", "made", "--network", "none", "plain:1", "true");
    assertEquals(3, hoist("run", "--name", "failed", "--network", "none", "-v",
        "listing-vol:/data", "labelled:1", "sh", "-c", "echo data > /data/x; exit 3").code());
    runningId = ok("run", "-d", "--name", "up", "--network", "host", "labelled:1", "sleep",
        "60").out().trim();
  }

  @AfterAll
  void tearDown() {
    hoist("rm", "-f", "made", "failed", "up");
    hoist("network", "rm", "listing-net");
    System.clearProperty("hoist.home");
  }

  private static List<JsonNode> jsonLines(String out) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private List<String> factList(String command, String what) {
    List<String> list = new ArrayList<>();
    facts.get(command).get(what).forEach(v -> list.add(v.asText()));
    return list;
  }

  private Map<String, String> factMap(String command) {
    Map<String, String> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = facts.get(command).get("headers").fields();
        it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  /** The names {@code ps} lists with these arguments, one per line. */
  private static List<String> names(String... args) {
    List<String> all = new ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
    all.addAll(List.of(args));
    return ok(all.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void theRowModelsHaveDockersFieldsHeadersAndDefaultTables() {
    assertEquals(facts.get("ps").get("defaultTable").asText(), ContainerRow.TABLE);
    assertEquals(factMap("ps"), new TreeMap<>(ContainerRow.HEADERS));
    assertEquals(facts.get("images").get("defaultTable").asText(), ImageRow.TABLE);
    assertEquals(facts.get("images").get("defaultTableWithDigest").asText(),
        ImageRow.TABLE_WITH_DIGEST);
    // Docker's headers, and hoist's one addition: PLATFORMS (multi-platform.md)
    TreeMap<String, String> imageHeaders = new TreeMap<>(ImageRow.HEADERS);
    assertEquals("PLATFORMS", imageHeaders.remove("Platforms"));
    assertEquals(factMap("images"), imageHeaders);
    assertEquals(facts.get("volume ls").get("defaultTable").asText(), VolumeRow.TABLE);
    assertEquals(factMap("volume ls"), new TreeMap<>(VolumeRow.HEADERS));
    assertEquals(facts.get("network ls").get("defaultTable").asText(), NetworkRow.TABLE);
    assertEquals(factMap("network ls"), new TreeMap<>(NetworkRow.HEADERS));
  }

  @Test
  void psJsonHasDockersKeysAndValuesFieldByField() throws Exception {
    List<JsonNode> rows = jsonLines(ok("ps", "--format", "json").out());
    assertEquals(1, rows.size(), rows.toString());
    JsonNode up = rows.get(0);
    assertEquals(factList("ps", "jsonKeys"), keys(up));
    assertEquals(runningId.substring(0, 12), up.get("ID").asText());
    assertEquals("up", up.get("Names").asText());
    assertEquals("labelled:1", up.get("Image").asText());
    assertEquals("\"sleep 60\"", up.get("Command").asText());
    assertEquals("running", up.get("State").asText());
    assertTrue(up.get("Status").asText().startsWith("Up "), up.toString());
    assertTrue(up.get("RunningFor").asText().endsWith(" ago"), up.toString());
    assertTrue(up.get("CreatedAt").asText()
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} \\S+"), up.toString());
    assertEquals("com.example.team=blue,tier=web", up.get("Labels").asText());
    assertEquals("0", up.get("LocalVolumes").asText());
    assertEquals("", up.get("Mounts").asText());
    assertEquals("host", up.get("Networks").asText());
    assertEquals("", up.get("Ports").asText());
    assertEquals("0B", up.get("Size").asText());
    // {{json .}} is the same object (but for the times, a moment later)
    JsonNode again = jsonLines(ok("ps", "--format", "{{json .}}").out()).get(0);
    assertEquals(keys(up), keys(again));
    for (String key : List.of("ID", "Names", "Image", "Command", "CreatedAt", "Labels")) {
      assertEquals(up.get(key), again.get(key), key);
    }

    JsonNode failed = jsonLines(ok("ps", "-a", "--filter", "name=failed", "--format", "json")
        .out()).get(0);
    assertEquals("exited", failed.get("State").asText());
    assertTrue(failed.get("Status").asText().matches("Exited \\(3\\) .* ago"), failed.toString());
    assertEquals("listing-vol", failed.get("Mounts").asText());
    assertEquals("1", failed.get("LocalVolumes").asText());
    assertEquals("none", failed.get("Networks").asText());
    // moby's Command: the arguments joined by spaces; docker/cli ellipsizes it to 20
    assertEquals("\"sh -c echo data > /…\"", failed.get("Command").asText());
    JsonNode whole = jsonLines(ok("ps", "-a", "--no-trunc", "--filter", "name=failed",
        "--format", "json").out()).get(0);
    assertEquals("\"sh -c echo data > /data/x; exit 3\"", whole.get("Command").asText());
    assertEquals(64, whole.get("ID").asText().length());
  }

  @Test
  void psTemplatesCallLabelAndTablesHaveDockersHeaders() {
    assertEquals("blue\n", ok("ps", "--format", "{{.Label \"com.example.team\"}}").out());
    String table = ok("ps", "-a", "--filter", "name=^up$", "--format",
        "table {{.Names}}\t{{.State}}\t{{.Networks}}").out();
    assertEquals("NAMES     STATE     NETWORKS\nup        running   host\n", table);
    // a field docker's ContainerContext lacks fails as Go's template does
    ContainerCommandsTest.Result bad = hoist("ps", "--format", "{{.Nope}}");
    assertEquals(1, bad.code(), bad.all());
    assertTrue(bad.err().contains("template parsing error: template: :1:2: executing \"\" at "
        + "<.Nope>: can't evaluate field Nope in type *formatter.ContainerContext"), bad.err());
    String sized = ok("ps", "-s", "-a", "--filter", "name=failed").out();
    assertTrue(sized.lines().findFirst().orElseThrow().endsWith("NAMES     SIZE"), sized);
    assertTrue(sized.contains("B (virtual "), sized);
  }

  @Test
  void psDefaultTableIsDockersWithItsPadding() {
    String out = ok("ps").out();
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    assertTrue(lines.get(0).startsWith("CONTAINER ID   IMAGE        COMMAND      CREATED"),
        out);
    assertTrue(lines.get(1).startsWith(runningId.substring(0, 12) + "   labelled:1   "
        + "\"sleep 60\"   "), out);
  }

  @Test
  void psFlagsQuietLastLatestNoTrunc() {
    assertEquals(runningId.substring(0, 12) + "\n", ok("ps", "-q").out());
    assertEquals(runningId + "\n", ok("ps", "-q", "--no-trunc").out());
    assertEquals(List.of("up"), names("-l"));
    assertEquals(List.of("up", "failed"), names("-n", "2"));
    assertEquals(List.of("up", "failed", "made"), names());
    // -q with a filter
    assertEquals(3, ok("ps", "-aq", "--filter", "network=none").out().lines().count() + 1);
  }

  @Test
  void psFiltersEachIncludeAndExclude() {
    assertEquals(List.of("up"), names("--filter", "id=" + runningId.substring(0, 10)));
    assertEquals(List.of("failed"), names("--filter", "name=fail"));
    assertEquals(List.of("up", "failed"), names("--filter", "label=tier=web"));
    assertEquals(List.of(), names("--filter", "label=tier=db"));
    assertEquals(List.of("up", "failed"), names("--filter", "label=com.example.team"));
    assertEquals(List.of("made"), names("--filter", "status=created"));
    assertEquals(List.of("up"), names("--filter", "status=running"));
    assertEquals(List.of("failed"), names("--filter", "exited=3"));
    assertEquals(List.of(), names("--filter", "exited=0"));
    assertEquals(List.of("made"), names("--filter", "ancestor=plain:1"));
    assertEquals(List.of("up", "failed"), names("--filter", "ancestor=labelled:1"));
    assertEquals(List.of(), names("--filter", "ancestor=labelled")); // labelled:latest: none
    assertEquals(List.of("failed", "made"), names("--filter", "before=up"));
    assertEquals(List.of("up"), names("--filter", "since=failed"));
    assertEquals(List.of("failed"), names("--filter", "volume=listing-vol"));
    assertEquals(List.of("failed"), names("--filter", "volume=/data"));
    assertEquals(List.of(), names("--filter", "volume=other"));
    assertEquals(List.of("up"), names("--filter", "network=host"));
    assertEquals(List.of("failed", "made"), names("--filter", "network=none"));
    assertEquals(List.of(), names("--filter", "publish=80"));
    assertEquals(List.of(), names("--filter", "expose=80/tcp"));
    assertEquals(List.of("up", "failed", "made"), names("--filter", "health=none"));
    // status implies -a, as Docker's
    assertEquals("failed\n", ok("ps", "--filter", "status=exited", "--format", "{{.Names}}")
        .out());
  }

  @Test
  void unknownFiltersAreRefusedAsDockers() {
    ContainerCommandsTest.Result r = hoist("ps", "--filter", "colour=red");
    assertEquals(1, r.code());
    assertEquals("error: invalid filter 'colour'\n", r.err());
    assertEquals("error: invalid filter 'status=sleepy'\n",
        hoist("ps", "--filter", "status=sleepy").err());
    assertEquals("error: bad format of filter (expected name=value)\n",
        hoist("ps", "--filter", "name").err());
    assertEquals("error: invalid filter 'name'\n", hoist("images", "--filter", "name=x").err());
    assertEquals("error: invalid filter 'reference'\n",
        hoist("volume", "ls", "--filter", "reference=x").err());
    assertEquals("error: invalid filter 'type=other'\n",
        hoist("network", "ls", "--filter", "type=other").err());
  }

  @Test
  void imagesJsonAndFilters() throws Exception {
    List<JsonNode> rows = jsonLines(ok("images", "--format", "json").out());
    assertEquals(2, rows.size(), rows.toString());
    JsonNode newest = rows.get(0);
    List<String> imageKeys = keys(newest);
    assertTrue(imageKeys.remove("Platforms"), imageKeys.toString()); // hoist's one addition
    assertEquals(factList("images", "jsonKeys"), imageKeys);
    assertEquals("labelled", newest.get("Repository").asText());
    assertEquals("1", newest.get("Tag").asText());
    assertTrue(newest.get("ID").asText().matches("[0-9a-f]{12}"), newest.toString());
    assertEquals("<none>", newest.get("Digest").asText());
    assertTrue(newest.get("CreatedSince").asText().endsWith(" ago"), newest.toString());
    assertTrue(newest.get("Size").asText().matches("[0-9.]+[kM]?B"), newest.toString());
    assertEquals("N/A", newest.get("Containers").asText());
    assertEquals("N/A", newest.get("SharedSize").asText());

    List<String> images = ok("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines()
        .toList();
    assertEquals(List.of("labelled:1", "plain:1"), images);
    assertEquals(List.of("labelled:1"), repos("--filter", "label=tier=web"));
    assertEquals(List.of(), repos("--filter", "label=tier=db"));
    assertEquals(List.of("plain:1"), repos("--filter", "reference=pla*"));
    assertEquals(List.of("plain:1"), repos("plain"));
    assertEquals(List.of(), repos("--filter", "reference=*:2"));
    assertEquals(List.of("plain:1"), repos("--filter", "before=labelled:1"));
    assertEquals(List.of("labelled:1"), repos("--filter", "since=plain:1"));
    assertEquals(List.of("labelled:1", "plain:1"), repos("--filter", "dangling=false"));
    assertEquals(List.of(), repos("--filter", "dangling=true"));

    String digests = ok("images", "--digests", "plain").out();
    assertTrue(digests.startsWith("REPOSITORY   TAG       DIGEST"), digests);
    assertTrue(digests.contains("sha256:"), digests);
    String noTrunc = ok("images", "-q", "--no-trunc", "plain").out();
    assertTrue(noTrunc.matches("sha256:[0-9a-f]{64}\n"), noTrunc);
  }

  private static List<String> repos(String... args) {
    List<String> all = new ArrayList<>(List.of("images", "--format",
        "{{.Repository}}:{{.Tag}}"));
    all.addAll(List.of(args));
    return ok(all.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void volumesJsonAndFilters() throws Exception {
    ok("volume", "create", "idle-vol");
    try {
      List<JsonNode> rows = jsonLines(ok("volume", "ls", "--format", "json").out());
      assertEquals(factList("volume ls", "jsonKeys"), keys(rows.get(0)));
      assertEquals("idle-vol", rows.get(0).get("Name").asText());
      assertEquals("local", rows.get(0).get("Driver").asText());
      assertEquals("local", rows.get(0).get("Scope").asText());
      assertEquals("N/A", rows.get(0).get("Links").asText());
      assertTrue(rows.get(0).get("Mountpoint").asText().endsWith("/idle-vol/_data"));
      assertEquals("DRIVER    VOLUME NAME\nlocal     idle-vol\nlocal     listing-vol\n",
          ok("volume", "ls").out());
      assertEquals(List.of("idle-vol"), volumes("--filter", "name=idle"));
      assertEquals(List.of("idle-vol"), volumes("--filter", "dangling=true"));
      assertEquals(List.of("listing-vol"), volumes("--filter", "dangling=false"));
      assertEquals(List.of("idle-vol", "listing-vol"), volumes("--filter", "driver=local"));
      assertEquals(List.of(), volumes("--filter", "driver=nfs"));
      assertEquals(List.of(), volumes("--filter", "label=tier"));
    } finally {
      ok("volume", "rm", "idle-vol");
    }
  }

  private static List<String> volumes(String... args) {
    List<String> all = new ArrayList<>(List.of("volume", "ls", "--format", "{{.Name}}"));
    all.addAll(List.of(args));
    return ok(all.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void networksJsonAndFilters() throws Exception {
    List<JsonNode> rows = jsonLines(ok("network", "ls", "--format", "json").out());
    assertEquals(List.of("bridge", "host", "listing-net", "none"),
        rows.stream().map(r -> r.get("Name").asText()).toList());
    JsonNode user = rows.get(2);
    assertEquals(factList("network ls", "jsonKeys"), keys(user));
    assertEquals("bridge", user.get("Driver").asText());
    assertEquals("false", user.get("Internal").asText());
    assertEquals("false", user.get("IPv6").asText());
    assertTrue(user.get("CreatedAt").asText().matches(
        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC"), user.toString());
    String table = ok("network", "ls").out();
    assertTrue(table.startsWith("NETWORK ID     NAME          DRIVER    SCOPE\n"), table);
    assertEquals(List.of("listing-net"), networks("--filter", "type=custom"));
    assertEquals(List.of("bridge", "host", "none"), networks("--filter", "type=builtin"));
    assertEquals(List.of("listing-net"), networks("--filter", "name=listing"));
    assertEquals(List.of("listing-net"), networks("--filter",
        "id=" + user.get("ID").asText().substring(0, 6)));
    assertEquals(List.of("host"), networks("--filter", "driver=host"));
    assertEquals(List.of("listing-net"), networks("--filter", "dangling=true"));
    assertEquals(List.of(), networks("--filter", "label=purpose"));
  }

  private static List<String> networks(String... args) {
    List<String> all = new ArrayList<>(List.of("network", "ls", "--format", "{{.Name}}"));
    all.addAll(List.of(args));
    return ok(all.toArray(String[]::new)).out().lines().toList();
  }

  @Test
  void pruneFiltersSelectNetworksAndImagesByUntilAndLabels() throws Exception {
    ok("network", "create", "--label", "group=p", "p-old");
    ok("network", "create", "--label", "group=p", "--label", "keep=yes", "p-kept");
    ok("network", "create", "--label", "group=q", "q-net");
    try {
      // made just now: not before until=1h
      assertEquals("", ok("network", "prune", "-f", "--filter", "until=1h", "--filter",
          "label=group=p").out());
      assertEquals("Deleted Networks:\np-old\n\n", ok("network", "prune", "-f", "--filter",
          "label=group=p", "--filter", "label!=keep").out());
      assertEquals(List.of("listing-net", "p-kept", "q-net"), networks("--filter", "type=custom"));
      assertEquals("Deleted Networks:\np-kept\n\n", ok("network", "prune", "-f", "--filter",
          "until=0s", "--filter", "label=keep=yes").out());
      assertEquals("error: invalid filter 'name'\n",
          hoist("network", "prune", "-f", "--filter", "name=q").err());
    } finally {
      hoist("network", "rm", "p-old", "p-kept", "q-net");
    }

    HoistHome h = new HoistHome(dir.resolve("home"));
    BusyboxImage.create(h, dir, "prunable:1", ContainerConfig.builder()
        .labels(Map.of("purpose", "scratch")).build());
    BusyboxImage.create(h, dir, "keeper:1", ContainerConfig.builder().build());
    try {
      String pruned = ok("system", "prune", "-a", "-f", "--filter", "label=purpose=scratch")
          .out();
      assertTrue(pruned.contains("untagged: prunable:1"), pruned);
      assertFalse(pruned.contains("keeper:1"), pruned);
      assertEquals(List.of("keeper:1"), repos("keeper"));
      assertEquals(List.of(), repos("prunable"));
    } finally {
      hoist("rmi", "keeper:1", "prunable:1");
    }
  }

  @Test
  void publishAndExposeFiltersSelectByThePublishedPorts() {
    dev.hoist.fixtures.ExternalTools.assumeAvailable("ip");
    dev.hoist.fixtures.ExternalTools.assumeAvailable("iptables");
    ok("run", "-d", "--name", "pub", "-p", "127.0.0.1:18765:80", "-p", "127.0.0.1:18766:18766",
        "labelled:1", "sleep", "60");
    try {
      assertEquals(List.of("pub"), names("--filter", "publish=18765"));
      assertEquals(List.of("pub"), names("--filter", "publish=18760-18770/tcp"));
      assertEquals(List.of(), names("--filter", "publish=18765/udp"));
      assertEquals(List.of("pub"), names("--filter", "expose=80"));
      assertEquals(List.of(), names("--filter", "publish=80"));
      assertEquals(List.of("pub"), names("--filter", "network=bridge"));
      // docker/cli's DisplayablePorts: a port published on its own number as a group, first
      assertEquals("127.0.0.1:18766->18766/tcp, 127.0.0.1:18765->80/tcp\n",
          ok("ps", "--filter", "name=pub", "--format", "{{.Ports}}").out());
    } finally {
      hoist("rm", "-f", "pub");
    }
  }

  @Test
  void infoAndSystemDfFormats() throws Exception {
    assertEquals("1 3\n", ok("info", "--format", "{{.ContainersRunning}} {{.Containers}}")
        .out());
    JsonNode info = JSON.readTree(ok("info", "--format", "json").out());
    assertEquals(1, info.get("ContainersStopped").asInt() - 1, info.toString());
    assertEquals("linux", info.get("OSType").asText());
    assertTrue(info.get("Images").asInt() >= 2, info.toString());
    ContainerCommandsTest.Result bad = hoist("info", "--format", "{{.Nope");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: template parsing error: template: :1:"), bad.err());

    List<JsonNode> df = jsonLines(ok("system", "df", "--format", "json").out());
    assertEquals(List.of("Images", "Blobs", "Build Cache", "Layer snapshots"),
        df.stream().map(r -> r.get("Type").asText()).toList());
    assertEquals(factList("system df", "jsonKeys"), keys(df.get(0)));
    assertTrue(ok("system", "df").out().startsWith("TYPE              TOTAL     ACTIVE    SIZE"),
        ok("system", "df").out());
    assertEquals("Images\n", ok("system", "df", "--format", "{{.Type}}").out().lines()
        .findFirst().orElseThrow() + "\n");
  }

  @Test
  void systemDfVerboseListsImagesContainersAndVolumes() {
    String out = ok("system", "df", "-v").out();
    assertTrue(out.startsWith("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID       "
        + "CREATED"), out);
    assertTrue(out.contains("SHARED SIZE   UNIQUE SIZE   CONTAINERS\n"), out);
    String labelled = out.lines().filter(l -> l.startsWith("labelled ")).findFirst()
        .orElseThrow();
    assertTrue(labelled.endsWith("   2"), "two containers from it: " + out);
    assertTrue(out.contains("\n\nContainers space usage:\n\nCONTAINER ID   IMAGE        COMMAND"
        + "                  LOCAL VOLUMES   SIZE"), out);
    assertTrue(out.matches("(?s).*\n\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     "
        + "SIZE\nlisting-vol   1         [1-9]\\d*B\n.*"), out);
    assertTrue(out.contains("\nBuild cache usage: "), out);
    assertTrue(ok("system", "df", "-v", "--format",
        "{{range .Volumes}}{{.Name}} {{.Links}} {{.Size}}{{end}}").out()
        .matches("listing-vol 1 [1-9]\\d*B\n"));
  }
}

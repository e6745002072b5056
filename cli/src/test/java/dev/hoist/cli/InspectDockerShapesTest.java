package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist inspect} prints Docker's shapes, so that the templates and jq paths of Docker's
 * documentation work unchanged: the examples of {@code docker inspect}'s reference, {@code --type},
 * {@code -s}, and {@code volume inspect} / {@code network inspect} with {@code -f}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectDockerShapesTest {
  @TempDir static Path dir;
  private String id;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.assumeUsable();
    Path home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
    BusyboxImage.create(new HoistHome(home), dir, "entry:1", ContainerConfig.builder()
        .env(List.of("PATH=/bin", "A=1")).entrypoint(List.of("/bin/echo", "from"))
        .cmd(List.of("image")).build());
    CliRun created = CliRun.run("create", "--name", "docs", "--network", "bridge",
        "-p", "127.0.0.1:8080:80", "-v", "docsvol:/v", "entry:1", "mine");
    assertEquals(0, created.code(), created.err());
    id = created.out().strip();
  }

  @AfterAll
  void tearDown() {
    CliRun.run("rm", "-f", "docs");
    System.clearProperty("hoist.home");
  }

  private String format(String template, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("inspect", "-f", template));
    argv.addAll(List.of(args));
    CliRun run = CliRun.run(argv.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return run.out();
  }

  @Test
  void anImagesEnvIsAtConfigEnvAsDockersNotConfigConfigEnv() {
    assertEquals("[PATH=/bin A=1]\n", format("{{.Config.Env}}", "entry:1"));
    assertEquals("[/bin/echo from] [image]\n",
        format("{{.Config.Entrypoint}} {{.Config.Cmd}}", "entry:1"));
  }

  @Test
  void aContainersEntrypointAndCommandAreApartAndPathArgsJoinThem() {
    assertEquals("[\"/bin/echo\",\"from\"] [\"mine\"]\n",
        format("{{json .Config.Entrypoint}} {{json .Config.Cmd}}", "docs"));
    assertEquals("/bin/echo [from mine]\n", format("{{.Path}} {{.Args}}", "docs"));
  }

  @Test
  void theExamplesOfDockersInspectReferenceWork() throws Exception {
    // docker inspect --format='{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' (not running: empty)
    assertEquals("\n", format("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "docs"));
    // docker inspect --format='{{.LogPath}}', '{{.Config.Image}}'
    assertEquals("entry:1\n", format("{{.Config.Image}}", "docs"));
    format("{{.LogPath}}", "docs");
    // docker inspect --format='{{range $p, $conf := .HostConfig.PortBindings}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}'
    assertEquals(" 80/tcp -> 8080 \n", format("{{range $p, $conf := .HostConfig.PortBindings}} "
        + "{{$p}} -> {{(index $conf 0).HostPort}} {{end}}", "docs"));
    // docker inspect --format='{{json .Config}}'
    JsonNode config = CanonicalJson.mapper().readTree(format("{{json .Config}}", "docs"));
    assertEquals("A=1", config.get("Env").get(1).asText());
    // State, NetworkSettings and the name as Docker prints them
    assertEquals("false created 0 0001-01-01T00:00:00Z\n", format("{{.State.Running}} "
        + "{{.State.Status}} {{.State.Pid}} {{.State.StartedAt}}", "docs"));
    assertEquals("[]\n", format("[{{.NetworkSettings.IPAddress}}]", "docs"));
    assertEquals("/docs bridge\n", format("{{.Name}} {{.HostConfig.NetworkMode}}", "docs"));
    assertEquals("volume docsvol /v\n",
        format("{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}}{{end}}", "docs"));
  }

  @Test
  void typeChoosesTheKindAndSizeAddsTheContainersSizes() throws Exception {
    assertEquals("docsvol local\n", format("{{.Name}} {{.Driver}}", "--type", "volume", "docsvol"));
    assertEquals("docsvol\n", format("{{.Name}}", "docsvol"), "a volume is found without --type");
    assertEquals("bridge\n", format("{{.Name}}", "--type", "network", "bridge"));
    assertEquals("host host\n", format("{{.Name}} {{.Driver}}", "host"));
    CliRun notImage = CliRun.run("inspect", "--type", "image", "docs");
    assertEquals(1, notImage.code());
    assertEquals("error: No such image: docs\n", notImage.err());
    CliRun bad = CliRun.run("inspect", "--type", "pod", "docs");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("\"pod\" is not a valid value for --type"), bad.err());
    CliRun sizeOfImage = CliRun.run("inspect", "-s", "--type", "image", "entry:1");
    assertEquals(1, sizeOfImage.code());
    JsonNode sized = CanonicalJson.mapper().readTree(CliRun.run("inspect", "-s", "docs").out())
        .get(0);
    assertTrue(sized.get("SizeRw").isIntegralNumber(), sized.toString());
    assertTrue(sized.get("SizeRootFs").asLong() > 500_000, sized.toString());
    JsonNode plain = CanonicalJson.mapper().readTree(CliRun.run("inspect", "docs").out()).get(0);
    assertFalse(plain.has("SizeRw"), "without -s Docker omits the sizes");
    assertEquals(id, plain.get("Id").asText());
  }

  @Test
  void foundObjectsArePrintedThenEachMissingNameIsAnError() throws Exception {
    CliRun run = CliRun.run("inspect", "-f", "{{.Name}}", "docs", "nothing-here", "docsvol");
    assertEquals(1, run.code());
    assertEquals("/docs\ndocsvol\n", run.out());
    assertEquals("error: No such object: nothing-here\n", run.err());
  }

  @Test
  void volumeAndNetworkInspectTakeFormatsToo() {
    CliRun volume = CliRun.run("volume", "inspect", "-f", "{{.Scope}} {{.Name}}", "docsvol");
    assertEquals(0, volume.code(), volume.err());
    assertEquals("local docsvol\n", volume.out());
    CliRun network = CliRun.run("network", "inspect", "--format",
        "{{.Name}} {{.IPAM.Driver}} {{.Scope}}", "bridge");
    assertEquals(0, network.code(), network.err());
    assertEquals("bridge default local\n", network.out());
  }
}

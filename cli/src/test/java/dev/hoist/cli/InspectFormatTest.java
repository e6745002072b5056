package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.ContainerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format} of {@code inspect} (images and a created container, as docker/cli's inspect
 * command prints them) and of {@code version}; without it the output is the JSON it always was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectFormatTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxImage.create(CliHome.forContainers(dir), dir, "fmt:1", ContainerConfig.builder()
        .env(List.of("PATH=/bin", "A=1")).cmd(List.of("sh", "-c", "true")).build());
  }

  @AfterAll
  void tearDown() {
    CliHome.release();
  }

  @Test
  void templateRunsOverEachImageOnePerLine() {
    CliRun run = CliRun.run("inspect", "--format", "{{index .RepoTags 0}} {{.Config.Env}}",
        "fmt:1", "fmt:1");
    assertEquals(0, run.code(), run.err());
    assertEquals("fmt:1 [PATH=/bin A=1]\nfmt:1 [PATH=/bin A=1]\n", run.out());
  }

  @Test
  void shortFlagRangeAndJsonFunction() {
    CliRun run = CliRun.run("inspect", "-f",
        "{{range $i, $e := .Config.Env}}{{if $i}},{{end}}{{$e}}{{end}} {{json .RepoTags}}",
        "fmt:1");
    assertEquals(0, run.code(), run.err());
    assertEquals("PATH=/bin,A=1 [\"fmt:1\"]\n", run.out());
  }

  @Test
  void jsonFormatIsOneCompactArrayWithTheDefaultOutputsData() throws Exception {
    CliRun compact = CliRun.run("inspect", "--format", "json", "fmt:1");
    CliRun plain = CliRun.run("inspect", "fmt:1");
    assertEquals(0, compact.code(), compact.err());
    assertEquals(1, compact.out().strip().lines().count(), compact.out());
    assertTrue(compact.out().startsWith("[{\"Id\":\"sha256:"), compact.out());
    JsonNode a = CanonicalJson.mapper().readTree(compact.out());
    JsonNode b = CanonicalJson.mapper().readTree(plain.out());
    assertEquals(b, a);
    assertTrue(plain.out().startsWith("[\n"), "the default output stays indented: " + plain.out());
  }

  @Test
  void parseErrorIsOneLineNamingTheLineAndExitsOne() {
    CliRun run = CliRun.run("inspect", "--format", "{{.Id}", "fmt:1");
    assertEquals(1, run.code());
    assertEquals("", run.out());
    assertEquals("error: template parsing error: template: :1: bad character U+007D '}'\n",
        run.err());
  }

  @Test
  void executionErrorNamesLineColumnAndNodeAndExitsOne() {
    CliRun run = CliRun.run("inspect", "--format", "{{.Id}}\n{{.Id.Short}}", "fmt:1");
    assertEquals(1, run.code());
    assertEquals("\n", run.out(), "docker prints an empty line when no object was printed");
    assertEquals("error: template parsing error: template: :2:5: executing \"\" at <.Id.Short>: "
        + "can't evaluate field Short in type interface {}\n", run.err());
  }

  @Test
  void missingFieldPrintsNoValueAsForAMap() {
    CliRun run = CliRun.run("inspect", "--format", "{{.Nope}}|{{.Config.Nope.Deeper}}", "fmt:1");
    assertEquals(0, run.code(), run.err());
    assertEquals("<no value>|<no value>\n", run.out());
  }

  @Test
  void containerInspectFormat() {
    CliRun created = CliRun.run("create", "--name", "fmt-c", "fmt:1");
    assertEquals(0, created.code(), created.err());
    CliRun run = CliRun.run("inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.Running}} "
        + "{{printf \"%.12s\" .Id}} {{join .Config.Cmd \",\"}}", "fmt-c");
    assertEquals(0, run.code(), run.err());
    String id = created.out().strip();
    assertEquals("/fmt-c created false " + id.substring(0, 12) + " sh,-c,true\n", run.out());
  }

  @Test
  void versionFormat() {
    CliRun run = CliRun.run("version", "--format", "{{.Client.Os}}/{{.Client.Arch}} {{.Server}}");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().matches("linux/\\w+ <no value>\n"), run.out());
    CliRun json = CliRun.run("version", "-f", "json");
    assertTrue(json.out().startsWith("{\"Client\":{\"Platform\":{\"Name\":\"hoist\"}"), json.out());
    CliRun bad = CliRun.run("version", "-f", "{{.Client.Version.X}}");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: template: :1:9: executing \"\" at "
        + "<.Client.Version.X>: can't evaluate field X"), bad.err());
  }
}

package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void versionAndHelp() {
    CliRun version = CliRun.run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("hoist 0."), version.out());
    CliRun help = CliRun.run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("dockerfile"), help.out());
    assertTrue(help.out().contains("generate-completion"), help.out());
  }

  @Test
  void helpDescribesParametersAndDefaults() {
    String run = CliRun.run("run", "--help").out();
    assertTrue(run.matches("(?s).*--network=bridge\\|none\\|host\\|container:NAME\\|NET\\s+bridge "
        + "\\(own.*\\(default:\\s+bridge,\\s+as\\s+Docker's\\).*"), run);
    String tag = CliRun.run("tag", "--help").out();
    assertTrue(tag.matches("(?s).*SOURCE\\s+The image: .*TARGET\\s+The new name.*"), tag);
    assertTrue(CliRun.run("rmi", "--help").out().matches("(?s).*IMAGE\\.\\.\\.\\s+An image: .*"));
    assertTrue(CliRun.run("login", "--help").out()
        .matches("(?s).*--username=USER\\s+The user name.*"));
    String imp = CliRun.run("import", "--help").out();
    assertTrue(imp.matches("(?s).*FILE\\s+The filesystem tarball.*NAME\\[:TAG]\\s+The new.*"),
        imp);
    String kill = CliRun.run("kill", "--help").out();
    assertTrue(kill.contains("Send a signal (default KILL)"), kill);
    assertTrue(kill.contains("(default: KILL)"), kill);
    // as Docker's: info is also under system (docker system info), one command in both places
    assertTrue(CliRun.run("system", "--help").out().contains("  info "));
  }

  @Test
  void completionScript() {
    CliRun completion = CliRun.run("generate-completion");
    assertEquals(0, completion.code());
    assertTrue(completion.out().contains("complete -F"), completion.out());
    assertTrue(completion.out().contains("dockerfile"));
  }

  @Test
  void parsePrintsTreeAndStages() throws Exception {
    Path file = write("FROM golang AS build\nRUN go build\nFROM alpine\n"
        + "COPY --from=build /app /app\n");
    CliRun result = CliRun.run("dockerfile", "parse", "-f", file.toString());
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("(copy --from=build \"/app\" \"/app\")"), result.out());
    assertTrue(result.out().contains("build order: [build] -> [1]"), result.out());
  }

  @Test
  void parseJson() throws Exception {
    Path file = write("# escape=`\nARG V=1\nFROM alpine:$V AS base\nENV A=\"x y\"\n"
        + "ONBUILD RUN make\nRUN <<EOF\necho\nEOF\nFROM base\n");
    CliRun result = CliRun.run("dockerfile", "parse", "-f", file.toString(), "--format=json",
        "--build-arg", "V=2", "--target", "base");
    assertEquals(0, result.code(), result.err());
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertEquals("`", json.get("directives").get("escape").asText());
    JsonNode env = json.get("instructions").get(2);
    assertEquals("env", env.get("name").asText());
    assertEquals("\"x y\"", env.get("pairs").get(0).get("value").asText());
    assertTrue(env.get("pairs").get(0).get("equals").asBoolean());
    JsonNode onbuild = json.get("instructions").get(3);
    assertEquals("run", onbuild.get("onbuild").get("name").asText());
    JsonNode run = json.get("instructions").get(4);
    assertEquals("echo\n", run.get("heredocs").get(0).get("content").asText());
    assertEquals(6, run.get("line").asInt());
    assertEquals(8, run.get("endLine").asInt());
    assertEquals("alpine:2", json.get("stages").get(0).get("from").asText());
    assertEquals(1, json.get("buildOrder").size());
  }

  @Test
  void parseFromStandardInput() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream("FROM scratch\n".getBytes(StandardCharsets.UTF_8)));
      CliRun result = CliRun.run("dockerfile", "parse", "-f", "-");
      assertEquals(0, result.code(), result.err());
      assertTrue(result.out().contains("(from \"scratch\")"));
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void invalidDockerfileGivesOneLineAndExitCodeOne() throws Exception {
    Path file = write("FROM alpine\nCOPPY a b\n");
    CliRun result = CliRun.run("dockerfile", "parse", "-f", file.toString());
    assertEquals(1, result.code());
    assertEquals("", result.out());
    assertEquals("error: " + file + ":2:1: unknown instruction: COPPY (did you mean COPY?)\n",
        result.err());
  }

  @Test
  void missingFileIsAClearError() {
    CliRun result = CliRun.run("dockerfile", "parse", "-f", dir.resolve("nope").toString());
    assertEquals(1, result.code());
    assertTrue(result.err().contains("nope: no such file"), result.err());
    assertFalse(result.err().contains("Exception"), result.err());
  }

  @Test
  void unknownTargetIsAnError() throws Exception {
    Path file = write("FROM alpine AS base\n");
    CliRun result = CliRun.run("dockerfile", "parse", "-f", file.toString(), "--target", "bsae");
    assertEquals(1, result.code());
    assertTrue(result.err().contains("did you mean base?"), result.err());
  }

  @Test
  void badUsageIsReported() {
    CliRun result = CliRun.run("dockerfile", "parse", "--format", "yaml", "-f", "x");
    assertEquals(1, result.code());
    assertTrue(result.err().contains("unknown --format \"yaml\""), result.err());
    assertEquals(125, CliRun.run("--no-such-option").code());
  }
}

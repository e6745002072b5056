package dev.hoist.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.internal.dockerfile.syntax.DockerfileJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Dockerfile corpus under {@code src/test/resources/corpus}: every {@code valid/NAME.Dockerfile}
 * must parse to the JSON in {@code valid/NAME.json} (what Docker's BuildKit frontend reads from
 * it, in hoist's JSON form), and every {@code invalid/NAME.Dockerfile} must fail at the line and
 * with the message in {@code invalid/NAME.expected} (line 1: the 1-based line, line 2: a
 * substring of the message).
 *
 * <p>Files are read as bytes and decoded as UTF-8, so CRLF line endings and a byte order mark
 * reach the parser as written ({@code corpus/.gitattributes} keeps git from normalising them).
 */
class CorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIN_VALID = 32;
  private static final int MIN_INVALID = 16;

  /** A fixed platform, so that goldens using $BUILDPLATFORM do not depend on the host. */
  private static final String AMD64 = "linux/amd64";
  private static final ResolveOptions OPTIONS =
      new ResolveOptions(Map.of(), AMD64, AMD64, image -> Map.of());

  static Stream<String> validCases() {
    return names("valid");
  }

  static Stream<String> invalidCases() {
    return names("invalid");
  }

  @Test
  void corpusHasEnoughCases() {
    List<String> valid = validCases().toList();
    List<String> invalid = invalidCases().toList();
    assertTrue(valid.size() >= MIN_VALID,
        "expected at least " + MIN_VALID + " valid Dockerfiles, found " + valid.size());
    assertTrue(invalid.size() >= MIN_INVALID,
        "expected at least " + MIN_INVALID + " invalid Dockerfiles, found " + invalid.size());
    for (String name : valid) {
      assertTrue(Files.isRegularFile(dir("valid").resolve(name + ".json")),
          "valid/" + name + ".Dockerfile has no golden valid/" + name + ".json");
    }
    for (String name : invalid) {
      assertTrue(Files.isRegularFile(dir("invalid").resolve(name + ".expected")),
          "invalid/" + name + ".Dockerfile has no invalid/" + name + ".expected");
    }
  }

  @ParameterizedTest(name = "valid/{0}")
  @MethodSource("validCases")
  void validDockerfileMatchesGolden(String name) throws IOException {
    Path folder = dir("valid");
    String fileName = name + ".Dockerfile";
    Dockerfile dockerfile = Dockerfile.parse(read(folder.resolve(fileName)), fileName);
    StageGraph graph = dockerfile.stages(OPTIONS);
    JsonNode actual = DockerfileJson.toJson(dockerfile.syntax(), graph, null);
    JsonNode expected = JSON.readTree(read(folder.resolve(name + ".json")));
    assertEquals(expected, actual, () -> "valid/" + fileName + " differs from its golden:\n"
        + "expected: " + pretty(expected) + "\nactual:   " + pretty(actual));
  }

  @ParameterizedTest(name = "invalid/{0}")
  @MethodSource("invalidCases")
  void invalidDockerfileFailsWhereExpected(String name) throws IOException {
    Path folder = dir("invalid");
    String fileName = name + ".Dockerfile";
    List<String> expected = read(folder.resolve(name + ".expected")).lines().toList();
    assertTrue(expected.size() >= 2, "invalid/" + name + ".expected needs two lines");
    int line = Integer.parseInt(expected.get(0).strip());
    String substring = expected.get(1);
    String text = read(folder.resolve(fileName));

    DockerfileException e = assertThrows(DockerfileException.class, () -> {
      Dockerfile dockerfile = Dockerfile.parse(text, fileName);
      DockerfileJson.toJson(dockerfile.syntax(), dockerfile.stages(OPTIONS), null);
    }, "invalid/" + fileName + " parsed without an error");
    assertTrue(e.getMessage().contains(substring), () -> "invalid/" + fileName
        + ": message does not contain \"" + substring + "\": " + e.getMessage());
    assertEquals(line, e.line(), () -> "invalid/" + fileName + ": wrong line in: "
        + e.getMessage());
  }

  private static Stream<String> names(String kind) {
    try (Stream<Path> files = Files.list(dir(kind))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".Dockerfile"))
          .map(n -> n.substring(0, n.length() - ".Dockerfile".length()))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir(String kind) {
    URL url = CorpusTest.class.getResource("/corpus/" + kind);
    if (url == null) {
      throw new IllegalStateException("corpus/" + kind + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String pretty(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

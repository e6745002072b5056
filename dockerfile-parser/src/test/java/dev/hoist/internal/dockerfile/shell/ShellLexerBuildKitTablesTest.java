package dev.hoist.internal.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hoist.dockerfile.DockerfileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs BuildKit's own table-driven cases ({@code envVarTest} and {@code wordsTest}, kept as test
 * resources in their original format) against {@link ShellLexer}.
 */
class ShellLexerBuildKitTablesTest {
  private static final ShellLexer LEXER = new ShellLexer('\\');

  @TestFactory
  List<DynamicTest> envVarTest() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PWD", "/home");
    env.put("SHELL", "bash");
    env.put("KOREAN", "한국어");
    env.put("NULL", "");
    List<DynamicTest> tests = new ArrayList<>();
    List<String> lines = readResource("envVarTest");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] fields = line.trim().split("\\|", -1);
      assertEquals(3, fields.length, "line " + (i + 1));
      String platform = fields[0].trim();
      if (platform.equals("W")) {
        continue; // Windows compares variable names case-insensitively; we follow Unix
      }
      String input = fields[1].trim();
      String expected = fields[2].trim();
      tests.add(
          dynamicTest(
              "line " + (i + 1) + ": " + input,
              () -> {
                if (expected.equals("error")) {
                  assertThrows(DockerfileException.class, () -> LEXER.processWord(input, env));
                  assertThrows(
                      DockerfileException.class, () -> LEXER.processWordWithMatches(input, env));
                } else {
                  assertEquals(expected, LEXER.processWord(input, env));
                  assertEquals(expected, LEXER.processWordWithMatches(input, env).result());
                }
              }));
    }
    assertEquals(228, tests.size(), "number of Unix cases in envVarTest");
    return tests;
  }

  @TestFactory
  List<DynamicTest> wordsTest() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    List<String> lines = readResource("wordsTest");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("ENV ")) {
        String assignment = line.substring(3).stripLeading();
        int eq = assignment.indexOf('=');
        env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        continue;
      }
      String[] fields = line.split("\\|", -1);
      assertEquals(2, fields.length, "line " + (i + 1));
      String input = fields[0].trim();
      List<String> expected = Arrays.asList(stripLeadingSpaces(fields[1]).split(",", -1));
      Map<String, String> envAtLine = Map.copyOf(env);
      tests.add(
          dynamicTest(
              "line " + (i + 1) + ": " + input,
              () -> assertEquals(expected, wordsOrError(input, envAtLine))));
    }
    assertEquals(24, tests.size(), "number of cases in wordsTest");
    return tests;
  }

  private static List<String> wordsOrError(String input, Map<String, String> env) {
    try {
      return LEXER.processWords(input, env);
    } catch (DockerfileException e) {
      return List.of("error");
    }
  }

  /** Go's strings.TrimLeft(s, " "): only spaces, so significant tabs or trailing spaces stay. */
  private static String stripLeadingSpaces(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return s.substring(i);
  }

  private static List<String> readResource(String name) throws IOException {
    try (InputStream in =
            Objects.requireNonNull(
                ShellLexerBuildKitTablesTest.class.getResourceAsStream(name), name);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }
}

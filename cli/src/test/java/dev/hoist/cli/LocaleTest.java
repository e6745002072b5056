package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names whatever the caller's locale: the JVM started as the launcher starts it (its
 * {@code utf8-locale.sh}) under {@code LANG=C} builds a context with non-ASCII names.
 */
class LocaleTest {
  @TempDir Path dir;

  @Test
  void nonAsciiFileNamesBuildUnderLangC() throws Exception {
    Path context = Files.createDirectories(dir.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
    // the name as bytes (é and 日 in UTF-8), by bash: this JVM's own locale may be C too
    String name = "$'caf\\xc3\\xa9-\\xe6\\x97\\xa5.txt'";
    bash("printf 'accents\\n' > \"$0\"/" + name, context);
    Path out = dir.resolve("out");
    Path snippet = Path.of("src/main/sh/utf8-locale.sh").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("env", "-i",
        "PATH=" + System.getenv("PATH"), "LANG=C", "bash", "-c",
        "source \"$0\" && exec \"$@\"", snippet.toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoistInHome.class.getName(),
        dir.resolve("home").toString(), "build", "-q", "-o", "type=local,dest=" + out,
        context.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertEquals("accents\n", bash("cat \"$0\"/" + name, out));
  }

  private static String bash(String script, Path arg) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script, arg.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
    return out;
  }
}

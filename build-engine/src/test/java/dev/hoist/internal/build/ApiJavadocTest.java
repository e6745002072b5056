package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's Javadoc is complete and well-formed: the JDK's javadoc tool runs over the sources of
 * the API packages only ({@link ApiSurfaceTest#API_PACKAGES}), with {@code -Xdoclint:all}, and
 * every warning or error it reports (a missing comment, {@code @param} or {@code @return}, a broken
 * link or HTML) fails the test. The API's comments also never point a reader at an internal
 * package or type.
 */
class ApiJavadocTest {
  /** An internal package or type by name (the rule's mention of {@code dev.hoist.internal} is fine). */
  private static final Pattern INTERNAL_NAME = Pattern.compile("dev\\.hoist\\.internal\\.\\w");
  private static final Pattern INTERNAL_IMPORT =
      Pattern.compile("(?m)^import (?:static )?dev\\.hoist\\.internal\\.[\\w.]*?\\.([A-Z]\\w*);");

  @Test
  void apiJavadocHasNoDoclintWarnings(@TempDir Path out) throws IOException {
    List<Path> sources = apiSources();
    assertTrue(sources.size() > 20, "found only " + sources.size() + " API sources");
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files =
        javadoc.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-Xdoclint:all", "-quiet", "-Xmaxwarns", "10000",
          "-Xmaxerrs", "10000", "-d", out.toString(),
          "-classpath", System.getProperty("java.class.path"));
      boolean ok = javadoc.getTask(log, files, diagnostics, null, options,
          files.getJavaFileObjectsFromPaths(sources)).call();
      List<String> problems = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER) {
          String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).toString()
              .replaceFirst(".*/src/main/java/", "") + ":" + d.getLineNumber() + ": ";
          problems.add(file + d.getKind().toString().toLowerCase(Locale.ROOT) + ": "
              + d.getMessage(Locale.ROOT));
        }
      }
      assertEquals("", String.join("\n", problems), problems.size() + " javadoc problems in the API");
      assertTrue(ok, "javadoc failed: " + log);
    }
  }

  @Test
  void apiDocsNeverNameInternalPackages() throws IOException {
    List<String> mentions = new ArrayList<>();
    for (Path source : apiSources()) {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        boolean comment = line.startsWith("*") || line.startsWith("/*") || line.startsWith("//");
        if (comment && INTERNAL_NAME.matcher(line).find()) {
          mentions.add(source.getFileName() + ":" + (i + 1) + ": " + line);
        }
      }
    }
    // an internal type imported only for a {@link}
    for (Path source : apiSources()) {
      String text = Files.readString(source);
      String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
          .replaceAll("(?m)^import .*$", "");
      Matcher imported = INTERNAL_IMPORT.matcher(text);
      while (imported.find()) {
        if (!Pattern.compile("\\b" + imported.group(1) + "\\b").matcher(code).find()) {
          mentions.add(source.getFileName() + ": imports " + imported.group(1) + " for its docs only");
        }
      }
    }
    assertEquals("", String.join("\n", mentions), "API docs name internal packages or types");
  }

  /** The .java files of the API packages (not their sub-packages), found from the project root. */
  static List<Path> apiSources() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("build-engine/pom.xml"))) {
      root = root.getParent();
      if (root == null) {
        throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
      }
    }
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        for (String pkg : ApiSurfaceTest.API_PACKAGES) {
          Path dir = module.resolve("src/main/java").resolve(pkg.replace('.', '/'));
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
              files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
          }
        }
      }
    }
    return sources;
  }
}

package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the library modules is either API ({@link ApiSurfaceTest#API_PACKAGES}) or
 * under {@code dev.hoist.internal}, and has a package-info.java: an internal one says on its
 * first line that it is internal, with no compatibility promise.
 */
class PackageInfoTest {
  private static final List<String> LIBRARY_MODULES = List.of("dockerfile-parser", "layer-cache",
      "registry-client", "runtime-shim", "build-engine");

  @Test
  void everyLibraryPackageIsApiOrInternalAndSaysWhich() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("build-engine/pom.xml"))) {
      root = root.getParent();
    }
    Set<String> problems = new TreeSet<>();
    for (String module : LIBRARY_MODULES) {
      Path sources = root.resolve(module).resolve("src/main/java");
      for (Path dir : packageDirs(sources)) {
        String pkg = sources.relativize(dir).toString().replace('/', '.');
        boolean api = ApiSurfaceTest.API_PACKAGES.contains(pkg) || pkg.startsWith("dev.hoist.api.");
        Path info = dir.resolve("package-info.java");
        if (!api && !pkg.startsWith("dev.hoist.internal.")) {
          problems.add(module + ": " + pkg + " is neither API nor under dev.hoist.internal");
        } else if (!Files.isRegularFile(info)) {
          problems.add(module + ": " + pkg + " has no package-info.java");
        } else if (!api && !Files.readString(info).startsWith(
            "/** Internal, no compatibility promise (may change without notice): ")) {
          problems.add(module + ": " + pkg + "'s package-info does not open with the internal line");
        }
      }
    }
    assertEquals("", String.join("\n", problems), problems.size() + " packages");
  }

  /** The directories under {@code sources} that hold .java files. */
  private static List<Path> packageDirs(Path sources) throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(sources)) {
      return dirs;
    }
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path dir : walk.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          if (files.anyMatch(f -> f.toString().endsWith(".java"))) {
            dirs.add(dir);
          }
        }
      }
    }
    return dirs;
  }
}

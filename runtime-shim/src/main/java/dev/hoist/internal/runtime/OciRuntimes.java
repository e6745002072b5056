package dev.hoist.internal.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The OCI runtimes (runc, crun) found on the PATH. */
public final class OciRuntimes {
  private static final List<String> KNOWN = List.of("runc", "crun");

  private OciRuntimes() {}

  /** Name and path of each known runtime on the PATH, in order of preference. */
  public static List<Path> onPath() {
    List<Path> found = new ArrayList<>();
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : KNOWN) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          found.add(candidate);
          break;
        }
      }
    }
    return found;
  }
}

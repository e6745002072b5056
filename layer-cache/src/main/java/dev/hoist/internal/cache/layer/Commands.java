package dev.hoist.internal.cache.layer;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the few coreutils the JDK has no API for ({@code mknod}, {@code mkfifo}, {@code touch -h}
 * on special files, {@code setfattr} for non-{@code user.} xattrs). Arguments go straight to the
 * program, never through a shell; paths are absolute, so none can be taken for an option.
 */
final class Commands {
  private static final Map<String, Boolean> AVAILABLE = new ConcurrentHashMap<>();

  private Commands() {}

  /** Whether {@code program} is on the PATH. */
  static boolean available(String program) {
    return AVAILABLE.computeIfAbsent(program, p -> {
      String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, p))) {
          return true;
        }
      }
      return false;
    });
  }

  /**
   * Runs {@code before}, then {@code path}, then {@code after} as one command. A path whose name
   * is not exact as a String ({@link RawNames}: not UTF-8, or not in the platform's encoding)
   * cannot be an argument, which Java encodes from a String; it goes, as its bytes, through
   * {@code xargs -0} instead, which puts it in place of {@code {}}.
   */
  static void run(List<String> before, Path path, List<String> after) throws IOException {
    List<String> command = new ArrayList<>();
    byte[] input = null;
    if (RawNames.isExact(path)) {
      command.addAll(before);
      command.add(path.toString());
    } else {
      command.addAll(List.of("xargs", "-0", "-I{}", "--"));
      command.addAll(before);
      command.add("{}");
      byte[] name = RawNames.bytes(path);
      input = Arrays.copyOf(name, name.length + 1); // NUL-terminated
    }
    command.addAll(after);
    run(command, input);
  }

  /** Runs {@code command}; a non-zero exit is an IOException carrying its error output. */
  static void run(List<String> command) throws IOException {
    run(command, null);
  }

  private static void run(List<String> command, byte[] input) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input);
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int status = process.waitFor();
      if (status != 0) {
        throw new IOException(String.join(" ", command) + " failed (exit " + status + "): "
            + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command.get(0), e);
    }
  }
}

package dev.hoist.internal.cache.layer;

import dev.hoist.fixtures.Privileges;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reading layers back in tests, with Commons Compress and with real processes. */
final class LayerTestSupport {
  private LayerTestSupport() {}

  record Item(String name, TarArchiveEntry entry, byte[] content) {
    Map<String, String> pax() {
      return entry.getExtraPaxHeaders();
    }
  }

  static List<Item> readTar(byte[] tar) throws IOException {
    List<Item> items = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        items.add(new Item(e.getName(), e, in.readAllBytes()));
      }
    }
    return items;
  }

  static List<Item> readLayer(byte[] blob) throws IOException {
    try (InputStream in = Compression.decompressed(new ByteArrayInputStream(blob))) {
      return readTar(in.readAllBytes());
    }
  }

  static List<String> names(List<Item> items) {
    return items.stream().map(Item::name).toList();
  }

  record Run(int exit, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  /** Runs a command with {@code input} on stdin, returning exit code, stdout and stderr. */
  static Run run(byte[] input, Path dir, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("TZ", "UTC");
    Process p = pb.start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // process ended
      }
    });
    errReader.start();
    Thread writer = new Thread(() -> {
      try (var os = p.getOutputStream()) {
        if (input != null) {
          os.write(input);
        }
      } catch (IOException ignored) {
        // the process may not read everything
      }
    });
    writer.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timeout: " + String.join(" ", command));
    }
    writer.join();
    errReader.join();
    return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static boolean isRoot() {
    return Privileges.isRoot();
  }
}

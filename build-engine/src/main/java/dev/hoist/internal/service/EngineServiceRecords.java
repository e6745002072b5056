package dev.hoist.internal.service;

import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.runtime.net.Owner;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Engine API services of a store listen, for {@code hoist info}: each running
 * {@code hoist system service} keeps a record {@code engine-api/PID} under the store's root
 * (its PID, its start time, its URI) while it serves, and removes it when it stops. A record
 * whose process is gone (a service killed with SIGKILL) is ignored and removed when read.
 */
public final class EngineServiceRecords {
  private static final String DIR = "engine-api";

  private EngineServiceRecords() {}

  /** Records that this process serves {@code uri} over the store at {@code root}. */
  public static Closeable publish(Path root, String uri) throws IOException {
    Owner self = Owner.current();
    Path record = root.resolve(DIR).resolve(Long.toString(self.pid()));
    AtomicFiles.write(record, (self.pid() + "\n" + self.started() + "\n" + uri + "\n")
        .getBytes(StandardCharsets.UTF_8));
    return () -> Files.deleteIfExists(record);
  }

  /** The URIs the store's running services listen on, in their PIDs' order. */
  public static List<String> running(Path root) {
    Path dir = root.resolve(DIR);
    List<String> uris = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return uris;
    }
    try (DirectoryStream<Path> records = Files.newDirectoryStream(dir, "[0-9]*")) {
      List<Path> sorted = new ArrayList<>();
      records.forEach(sorted::add);
      sorted.sort((a, b) -> Long.compare(pid(a), pid(b)));
      for (Path record : sorted) {
        List<String> lines;
        try {
          lines = Files.readAllLines(record);
        } catch (IOException gone) {
          continue; // removed by its service meanwhile
        }
        if (lines.size() >= 3 && new Owner(pid(record), lines.get(1)).alive()) {
          uris.add(lines.get(2));
        } else {
          Files.deleteIfExists(record); // its service died without removing it
        }
      }
    } catch (IOException e) {
      // unreadable: no service named
    }
    return uris;
  }

  private static long pid(Path record) {
    try {
      return Long.parseLong(record.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

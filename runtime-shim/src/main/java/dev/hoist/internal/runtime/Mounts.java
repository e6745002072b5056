package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Mount points of the host, from {@code /proc/self/mountinfo}. */
public final class Mounts {
  private Mounts() {}

  /** Lazily unmounts whatever is mounted at or below {@code dir}, deepest first. */
  public static void unmountBelow(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().normalize().toString();
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        String point = unescape(fields[4]);
        if (point.equals(prefix) || point.startsWith(prefix + "/")) {
          points.add(point);
        }
      }
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      try {
        Process p = new ProcessBuilder("umount", "-l", point)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
          throw new IOException("cannot unmount " + point + ": " + out.trim());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while unmounting " + point, e);
      }
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

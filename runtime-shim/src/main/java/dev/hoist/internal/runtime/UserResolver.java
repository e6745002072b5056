package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Docker's {@code USER} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * into numbers, from the image's {@code /etc/passwd} and {@code /etc/group} read through the
 * lower directories top first, as overlayfs would show them: a whiteout (a 0/0 character device,
 * or an OCI {@code .wh.} file) hides a file of lower layers, an opaque directory
 * ({@code trusted.overlay.opaque=y}, or {@code .wh..wh..opq}) hides everything below it.
 */
public final class UserResolver {
  /** A resolved user: numbers for the shim, and the home directory for {@code HOME}. */
  public record User(int uid, int gid, List<Integer> groups, String home) {
    public User {
      groups = List.copyOf(groups);
    }
  }

  private final List<Path> lowerDirs;

  public UserResolver(List<Path> lowerDirs) {
    this.lowerDirs = List.copyOf(lowerDirs);
  }

  /** Resolves {@code spec}; empty means root. */
  public User resolve(String spec) throws IOException {
    if (spec == null || spec.isEmpty()) {
      spec = "0";
    }
    int colon = spec.indexOf(':');
    String userPart = colon < 0 ? spec : spec.substring(0, colon);
    String groupPart = colon < 0 ? null : spec.substring(colon + 1);
    List<String[]> passwd = entries("etc/passwd", 7);
    List<String[]> group = entries("etc/group", 4);

    String name = null;
    int uid;
    int gid = 0;
    String home = "/";
    String[] pw = null;
    for (String[] e : passwd) {
      if (e[0].equals(userPart)) {
        pw = e;
        break;
      }
    }
    if (pw == null && isNumber(userPart)) {
      for (String[] e : passwd) {
        if (e[2].equals(userPart)) {
          pw = e;
          break;
        }
      }
    }
    if (pw != null) {
      name = pw[0];
      uid = number(pw[2], "uid of " + pw[0]);
      gid = number(pw[3], "gid of " + pw[0]);
      home = pw[5].isEmpty() ? "/" : pw[5];
    } else if (isNumber(userPart)) {
      uid = number(userPart, "uid");
    } else {
      throw new IOException("unable to find user " + userPart
          + ": no matching entries in passwd file");
    }

    if (groupPart != null && !groupPart.isEmpty()) {
      Optional<String[]> g = group.stream().filter(e -> e[0].equals(groupPart)).findFirst();
      if (g.isPresent()) {
        gid = number(g.get()[2], "gid of group " + groupPart);
      } else if (isNumber(groupPart)) {
        gid = number(groupPart, "gid");
      } else {
        throw new IOException("unable to find group " + groupPart
            + ": no matching entries in group file");
      }
    }
    Set<Integer> groups = new LinkedHashSet<>();
    groups.add(gid);
    if (name != null && (groupPart == null || groupPart.isEmpty())) {
      for (String[] e : group) {
        for (String member : e[3].split(",")) {
          if (member.trim().equals(name) && isNumber(e[2])) {
            groups.add(Integer.parseInt(e[2]));
          }
        }
      }
    }
    return new User(uid, gid, new ArrayList<>(groups), home);
  }

  /**
   * {@code --group-add}'s groups: numbers as they are, names from the image's
   * {@code /etc/group} (unknown: refused as Docker does).
   */
  public List<Integer> groups(List<String> namesOrIds) throws IOException {
    List<Integer> gids = new ArrayList<>();
    List<String[]> group = namesOrIds.isEmpty() ? List.of() : entries("etc/group", 4);
    for (String g : namesOrIds) {
      Optional<String[]> e = group.stream().filter(x -> x[0].equals(g)).findFirst();
      if (e.isPresent()) {
        gids.add(number(e.get()[2], "gid of group " + g));
      } else if (isNumber(g)) {
        gids.add(number(g, "gid"));
      } else {
        throw new IOException("unable to find group " + g + ": no matching entries in group file");
      }
    }
    return gids;
  }

  private List<String[]> entries(String relative, int fields) throws IOException {
    Optional<Path> file = find(relative);
    List<String[]> out = new ArrayList<>();
    if (file.isEmpty()) {
      return out;
    }
    for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", -1);
      if (parts.length < fields) {
        continue;
      }
      out.add(parts);
    }
    return out;
  }

  /** The file at {@code relative} as the stacked lower directories show it, if any. */
  Optional<Path> find(String relative) throws IOException {
    String[] parts = relative.split("/");
    for (Path lower : lowerDirs) {
      Path current = lower;
      boolean opaque = false;
      for (int i = 0; i < parts.length; i++) {
        Path parent = current;
        current = current.resolve(parts[i]);
        if (Files.exists(parent.resolve(Whiteouts.PREFIX + parts[i]), LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
        Map<String, Object> attrs;
        try {
          attrs = Files.readAttributes(current, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          if (opaque) {
            return Optional.empty();
          }
          break; // not in this layer: look in the next one down
        }
        int mode = (Integer) attrs.get("mode");
        long rdev = (Long) attrs.get("rdev");
        int type = mode & 0170000;
        if (type == 0020000 && rdev == 0) {
          return Optional.empty(); // overlay whiteout
        }
        if (i == parts.length - 1) {
          return type == 0100000 ? Optional.of(current) : Optional.empty();
        }
        if (type != 0040000) {
          return Optional.empty(); // a file (or symlink) over a lower directory
        }
        if (Whiteouts.isOpaque(current)) {
          opaque = true;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() < 11 && s.chars().allMatch(Character::isDigit)
        && Long.parseLong(s) <= Integer.MAX_VALUE;
  }

  private static int number(String s, String what) throws IOException {
    if (!isNumber(s)) {
      throw new IOException(what + " is not a number: " + s);
    }
    return Integer.parseInt(s);
  }
}

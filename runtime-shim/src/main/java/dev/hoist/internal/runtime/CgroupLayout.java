package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which cgroup hierarchy the host mounts: v1, v2 (unified) or hybrid (v1 with v2 beside). */
public enum CgroupLayout {
  V1("1"),
  V2("2"),
  HYBRID("1 (hybrid: v2 at /sys/fs/cgroup/unified)"),
  NONE("none");

  private final String description;

  CgroupLayout(String description) {
    this.description = description;
  }

  /** As {@code docker info} prints "Cgroup Version". */
  public String description() {
    return description;
  }

  /** The layout of this host, read from {@code /proc/self/mountinfo}. */
  public static CgroupLayout detect() {
    try {
      return fromMountInfo(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    } catch (IOException e) {
      return NONE;
    }
  }

  static CgroupLayout fromMountInfo(List<String> lines) {
    boolean v1 = false;
    boolean v2AtRoot = false;
    boolean v2Elsewhere = false;
    for (String line : lines) {
      String[] halves = line.split(" - ", 2);
      if (halves.length < 2) {
        continue;
      }
      String[] left = halves[0].split(" ");
      String fsType = halves[1].split(" ")[0];
      String mountPoint = left.length > 4 ? left[4] : "";
      if (fsType.equals("cgroup")) {
        v1 = true;
      } else if (fsType.equals("cgroup2")) {
        if (mountPoint.equals("/sys/fs/cgroup")) {
          v2AtRoot = true;
        } else {
          v2Elsewhere = true;
        }
      }
    }
    if (v2AtRoot && !v1) {
      return V2;
    }
    if (v1) {
      return v2Elsewhere ? HYBRID : V1;
    }
    return v2Elsewhere ? V2 : NONE;
  }
}

package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
  @Test
  void hybrid() {
    assertEquals(CgroupLayout.HYBRID, CgroupLayout.fromMountInfo(List.of(
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
        "40 31 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw")));
  }

  @Test
  void unified() {
    assertEquals(CgroupLayout.V2, CgroupLayout.fromMountInfo(List.of(
        "31 23 0:28 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate")));
  }

  @Test
  void legacyAndNone() {
    assertEquals(CgroupLayout.V1, CgroupLayout.fromMountInfo(List.of(
        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu")));
    assertEquals(CgroupLayout.NONE, CgroupLayout.fromMountInfo(List.of(
        "22 1 0:21 / /proc rw - proc proc rw")));
  }
}

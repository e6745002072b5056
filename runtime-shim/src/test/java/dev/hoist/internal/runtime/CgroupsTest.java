package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing of mountinfo and /proc/self/cgroup (no root needed). */
class CgroupsTest {
  static final List<String> HYBRID = List.of(
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
      "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
      "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
      "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer",
      "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

  @Test
  void v1MountsByController() {
    Map<String, Path> m = Cgroups.v1Mounts(HYBRID);
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), m.get("cpu"));
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), m.get("cpuacct"));
    assertEquals(Path.of("/sys/fs/cgroup/memory"), m.get("memory"));
    assertEquals(Path.of("/sys/fs/cgroup/freezer"), m.get("freezer"));
    assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), Cgroups.v2Mount(HYBRID));
  }

  @Test
  void ownPaths() {
    Map<String, String> own = Cgroups.ownPaths(List.of("9:name=systemd:/", "4:memory:/a/b",
        "2:cpu,cpuacct:/c", "0::/user.slice/s.scope"));
    assertEquals("/a/b", own.get("memory"));
    assertEquals("/c", own.get("cpu"));
    assertEquals("/c", own.get("cpuacct"));
    assertEquals("/", own.get("systemd"));
    assertEquals("/user.slice/s.scope", own.get(""));
  }

  @Test
  void v1HierarchiesPairEachLineOfProcSelfCgroupWithItsMount() {
    List<String> mountinfo = new java.util.ArrayList<>(HYBRID);
    mountinfo.add("42 31 0:39 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "
        + "rw,xattr,name=systemd");
    List<Cgroups.V1Hierarchy> h = Cgroups.v1Hierarchies(mountinfo, List.of("9:name=systemd:/",
        "5:pids:/p", "4:memory:/a/b", "2:cpu,cpuacct:/c", "1:blkio:/", "0::/s.scope"));
    assertEquals(List.of(
        new Cgroups.V1Hierarchy("name=systemd", Path.of("/sys/fs/cgroup/systemd"), "/"),
        new Cgroups.V1Hierarchy("pids", Path.of("/sys/fs/cgroup/pids"), "/p"),
        new Cgroups.V1Hierarchy("memory", Path.of("/sys/fs/cgroup/memory"), "/a/b"),
        new Cgroups.V1Hierarchy("cpu,cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"), "/c")),
        h, "blkio is not mounted, the v2 line is not v1");
    assertTrue(h.get(3).has("cpuacct"));
  }

  @Test
  void deviceRulesAsTheDevicesControllerTakesThem() {
    assertEquals(List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
        "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",
        "c 10:200 rwm"), DeviceRule.DOCKER_DEFAULT.stream().map(DeviceRule::line).toList());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new DeviceRule('c', 1, 3, "x"));
  }

  @Test
  void cpuQuota() {
    assertEquals(50_000, Cgroups.quotaUs(500_000_000L));
    assertEquals(150_000, Cgroups.quotaUs(1_500_000_000L));
    assertEquals(1000, Cgroups.quotaUs(1), "the kernel's minimum quota is 1 ms");
  }
}

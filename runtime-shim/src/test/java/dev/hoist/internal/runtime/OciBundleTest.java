package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated config.json (no root needed). */
class OciBundleTest {
  @TempDir Path tmp;

  JsonNode config(ContainerSpec spec, long nofileHard) throws Exception {
    Files.createDirectories(spec.containerDir());
    OciBundle.writeConfig(spec, EtcFiles.write(spec), Path.of("/opt/hoist-shim"), nofileHard);
    return new ObjectMapper().readTree(spec.containerDir().resolve("config.json").toFile());
  }

  @Test
  void initIsTheShimBoundReadOnly() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("l")), tmp.resolve("init"))
        .argv("sh", "-c", "echo hi").host(HostOptions.builder().init(true).build()).build();
    JsonNode c = config(spec, 4096);
    assertEquals(List.of(OciBundle.INIT, "--init", "sh", "-c", "echo hi"),
        strings(c.path("process").path("args")));
    JsonNode init = c.path("mounts").get(7);
    assertEquals(OciBundle.INIT, init.path("destination").asText());
    assertEquals("/opt/hoist-shim", init.path("source").asText());
    assertEquals(List.of("bind", "ro"), strings(init.path("options")));
  }

  @Test
  void dockerDefaults() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("l")), tmp.resolve("abc"))
        .argv("sh", "-c", "echo hi").cwd("/app").user(1000, 1000, List.of(29))
        .readonlyRootfs(true).tty(true)
        .mount(new BindMount(tmp.resolve("v"), "/data", true))
        .tmpfs(new TmpfsMount("/run", 1 << 20, 01777, false))
        .resources(new Resources(64 << 20, 1_500_000_000L, 50))
        .build();
    JsonNode c = config(spec, 4096);
    JsonNode p = c.path("process");
    assertEquals(List.of("sh", "-c", "echo hi"), strings(p.path("args")),
        "without --init the command itself is the process, as Docker's default");
    assertEquals("/app", p.path("cwd").asText());
    assertTrue(p.path("terminal").asBoolean());
    assertTrue(p.path("noNewPrivileges").asBoolean());
    assertTrue(p.path("oomScoreAdj").isInt(), "always the container's own score, as Docker");
    assertEquals(0, p.path("oomScoreAdj").asInt());
    assertEquals(1000, p.path("user").path("uid").asInt());
    assertEquals(List.of("29"), strings(p.path("user").path("additionalGids")));
    assertEquals(OciBundle.DEFAULT_CAPS, strings(p.path("capabilities").path("bounding")));
    assertEquals(List.of(), strings(p.path("capabilities").path("effective")),
        "non-root gets no effective capabilities");
    JsonNode nofile = p.path("rlimits").get(0);
    assertEquals("RLIMIT_NOFILE", nofile.path("type").asText());
    assertEquals(4096, nofile.path("hard").asLong(), "never above the current hard limit");
    assertTrue(nofile.path("soft").asLong() <= 4096);
    assertTrue(c.path("root").path("readonly").asBoolean());
    assertEquals("rootfs", c.path("root").path("path").asText());
    assertEquals("abc", c.path("hostname").asText());
    JsonNode linux = c.path("linux");
    assertEquals("hoist/abc", linux.path("cgroupsPath").asText());
    if (Files.exists(Path.of("/proc/sys/net/ipv4/ping_group_range"))) { // Docker's, own netns
      assertEquals("0 2147483647", linux.path("sysctl").path("net.ipv4.ping_group_range")
          .asText());
    }
    assertEquals(List.of("pid", "ipc", "uts", "mount", "cgroup", "network"),
        linux.path("namespaces").findValuesAsText("type"));
    assertEquals(64 << 20, linux.path("resources").path("memory").path("limit").asLong());
    assertEquals(64 << 20, linux.path("resources").path("memory").path("swap").asLong());
    assertEquals(150_000, linux.path("resources").path("cpu").path("quota").asLong());
    assertEquals(100_000, linux.path("resources").path("cpu").path("period").asLong());
    assertEquals(50, linux.path("resources").path("pids").path("limit").asLong());
    assertEquals(OciBundle.maskedPaths(), strings(linux.path("maskedPaths")));
    assertTrue(OciBundle.maskedPaths().contains("/proc/interrupts"));
    List<String> readonly = new ArrayList<>(OciBundle.READONLY);
    readonly.add("/sys/fs/cgroup");
    assertEquals(readonly, strings(linux.path("readonlyPaths")));
    List<String> destinations = c.path("mounts").findValuesAsText("destination");
    assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue",
        "/dev/shm", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/data", "/run"),
        destinations);
    JsonNode cgroup = c.path("mounts").get(4);
    assertEquals("cgroup", cgroup.path("type").asText());
    assertTrue(strings(cgroup.path("options")).contains("ro"), "read-only");
    JsonNode data = c.path("mounts").get(10);
    assertEquals(List.of("rbind", "rprivate", "ro"), strings(data.path("options")));
    assertEquals(List.of("nosuid", "nodev", "noexec", "mode=1777", "size=1048576"),
        strings(c.path("mounts").get(11).path("options")));
  }

  @Test
  void dockersDeviceRules() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("l")), tmp.resolve("d"))
        .argv("true").build();
    JsonNode devices = config(spec, 1024).path("linux").path("resources").path("devices");
    JsonNode denyAll = devices.get(0);
    assertFalse(denyAll.path("allow").asBoolean(true), "everything denied first");
    assertEquals("rwm", denyAll.path("access").asText());
    assertTrue(denyAll.path("type").isMissingNode() && denyAll.path("major").isMissingNode(),
        denyAll.toString());
    List<String> allowed = new ArrayList<>();
    for (int i = 1; i < devices.size(); i++) {
      JsonNode d = devices.get(i);
      assertTrue(d.path("allow").asBoolean());
      allowed.add(d.path("type").asText() + " " + d.path("major").asText("*") + ":"
          + d.path("minor").asText("*") + " " + d.path("access").asText());
    }
    assertEquals(List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
        "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",
        "c 10:200 rwm"), allowed);
  }

  @Test
  void rootAndHostNetwork() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("l")), tmp.resolve("h"))
        .argv("true").network(NetworkMode.HOST).build();
    JsonNode c = config(spec, 1 << 20);
    assertEquals(OciBundle.DEFAULT_CAPS,
        strings(c.path("process").path("capabilities").path("effective")));
    assertFalse(c.path("linux").path("namespaces").findValuesAsText("type").contains("network"));
    assertTrue(c.path("linux").path("resources").path("memory").isMissingNode());
    assertTrue(c.path("linux").path("sysctl").isMissingNode(), "none for the host's network");
  }

  @Test
  void seccompIsDockersDefaultResolvedForTheBoundingSetOrAbsentWhenUnconfined()
      throws Exception {
    ContainerSpec.Builder b = ContainerSpec.builder(List.of(tmp.resolve("l")), tmp.resolve("s"))
        .argv("true").user(65534, 65534, List.of());
    JsonNode seccomp = config(b.build(), 1 << 20).path("linux").path("seccomp");
    assertEquals("SCMP_ACT_ERRNO", seccomp.path("defaultAction").asText());
    assertEquals(1, seccomp.path("defaultErrnoRet").asInt());
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
        strings(seccomp.path("architectures")));
    List<String> allowed = new ArrayList<>();
    JsonNode cloneMask = null;
    JsonNode clone3 = null;
    for (JsonNode call : seccomp.path("syscalls")) {
      List<String> names = strings(call.path("names"));
      if (call.path("args").isEmpty() && call.path("action").asText().equals("SCMP_ACT_ALLOW")) {
        allowed.addAll(names);
      }
      if (names.equals(List.of("clone")) && !call.path("args").isEmpty()) {
        cloneMask = call.path("args").get(0);
      }
      if (names.equals(List.of("clone3"))) {
        clone3 = call;
      }
    }
    assertTrue(allowed.containsAll(List.of("read", "execve", "chroot")), allowed.toString());
    assertFalse(allowed.contains("clone"), "clone only without namespace flags");
    assertFalse(allowed.contains("keyctl") || allowed.contains("unshare")
        || allowed.contains("io_uring_setup"), allowed.toString());
    assertEquals("SCMP_CMP_MASKED_EQ", cloneMask.path("op").asText());
    assertEquals(2114060288L, cloneMask.path("value").asLong());
    assertEquals(0, cloneMask.path("valueTwo").asLong());
    assertEquals("SCMP_ACT_ERRNO", clone3.path("action").asText());
    assertEquals(38, clone3.path("errnoRet").asInt());

    JsonNode unconfined = config(b.seccomp(SeccompOption.UNCONFINED).build(), 1 << 20);
    assertTrue(unconfined.path("linux").path("seccomp").isMissingNode());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

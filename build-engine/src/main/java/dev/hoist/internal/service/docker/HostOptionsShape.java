package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.DeviceMapping;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's {@link HostOptions} in the shapes of Docker's {@code HostConfig} fields
 * ({@code Ulimits}, {@code Devices}, {@code SecurityOpt}, …), for {@link ContainerShape}.
 */
final class HostOptionsShape {
  private HostOptionsShape() {}

  /** Docker's {@code Ulimit}. */
  record UlimitShape(@JsonProperty("Name") String name, @JsonProperty("Hard") long hard,
      @JsonProperty("Soft") long soft) {}

  /** Docker's {@code DeviceMapping}. */
  record DeviceShape(@JsonProperty("PathOnHost") String pathOnHost,
      @JsonProperty("PathInContainer") String pathInContainer,
      @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

  static List<Object> ulimits(HostOptions h) {
    List<Object> out = new ArrayList<>();
    for (Ulimit u : h.ulimits()) {
      out.add(new UlimitShape(u.name(), u.hard(), u.soft()));
    }
    return out;
  }

  static List<Object> devices(HostOptions h) {
    List<Object> out = new ArrayList<>();
    for (DeviceMapping d : h.devices()) {
      out.add(new DeviceShape(d.pathOnHost(), d.pathInContainer(), d.cgroupPermissions()));
    }
    return out;
  }

  /** The seccomp option and {@code no-new-privileges}, as given; null when neither. */
  static List<String> securityOpt(ContainerSpec s) {
    List<String> out = new ArrayList<>();
    s.seccomp().securityOpt().ifPresent(out::add);
    if (!s.host().noNewPrivileges()) {
      out.add("no-new-privileges=false");
    }
    return out.isEmpty() ? null : out;
  }

  static List<String> orNull(List<String> list) {
    return list.isEmpty() ? null : list;
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * Docker's {@code MemorySwap}: memory plus swap, -1 unlimited; with only {@code --memory}
   * hoist's default, no swap (the memory limit); 0 without a memory limit.
   */
  static long memorySwap(ContainerSpec s) {
    long memory = s.resources().memoryBytes();
    long swap = s.host().extras().memorySwapBytes();
    return memory == 0 ? 0 : swap == 0 ? memory : swap;
  }

  static Map<String, String> sysctls(HostOptions h) {
    return h.sysctls().isEmpty() ? null : h.sysctls();
  }
}

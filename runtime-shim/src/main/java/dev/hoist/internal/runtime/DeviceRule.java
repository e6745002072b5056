package dev.hoist.internal.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One allow rule of a container's device cgroup: a type ({@code c} or {@code b}), a major and a
 * minor number ({@link #ANY}: {@code *}) and the access it grants ({@code r}ead, {@code w}rite,
 * {@code m}knod). Everything no rule allows is denied. The one list, {@link #DOCKER_DEFAULT},
 * goes to the v1 {@code devices} controller ({@link Cgroups}), to the shim's v2 device program
 * ({@code device-allow} records) and to runc's {@code linux.resources.devices} ({@link OciBundle}).
 */
record DeviceRule(char type, int major, int minor, String access) {
  static final int ANY = -1;

  /**
   * What {@code docker run} allows: moby's default spec (null, zero, urandom, random, tty,
   * console) with runc's additions (full, ptmx, the pty slaves, tun) and mknod of any node.
   */
  static final List<DeviceRule> DOCKER_DEFAULT = List.of(
      new DeviceRule('c', ANY, ANY, "m"),
      new DeviceRule('b', ANY, ANY, "m"),
      rwm(1, 3), rwm(1, 5), rwm(1, 7), rwm(1, 8), rwm(1, 9),
      rwm(5, 0), rwm(5, 1), rwm(5, 2),
      rwm(136, ANY),
      rwm(10, 200));

  DeviceRule {
    if (type != 'c' && type != 'b') {
      throw new IllegalArgumentException("device type " + type + " is not c or b");
    }
    if (access.isEmpty() || !access.matches("r?w?m?")) {
      throw new IllegalArgumentException("device access " + access + " is not a subset of rwm");
    }
  }

  private static DeviceRule rwm(int major, int minor) {
    return new DeviceRule('c', major, minor, "rwm");
  }

  /** As the v1 {@code devices.allow} file and the shim's config take it: {@code c 136:* rwm}. */
  String line() {
    return type + " " + number(major) + ":" + number(minor) + " " + access;
  }

  /** As the OCI runtime spec's {@code linux.resources.devices} entry. */
  Map<String, Object> oci() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allow", true);
    m.put("type", String.valueOf(type));
    if (major != ANY) {
      m.put("major", major);
    }
    if (minor != ANY) {
      m.put("minor", minor);
    }
    m.put("access", access);
    return m;
  }

  private static String number(int n) {
    return n == ANY ? "*" : Integer.toString(n);
  }
}

package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A container's capability set, as Docker computes it from {@code --cap-add}, {@code --cap-drop}
 * and {@code --privileged} (moby's {@code TweakCapabilities}): Docker's 14 defaults less the
 * dropped ones plus the added ones; {@code ALL} added: every capability but the dropped ones;
 * {@code ALL} dropped: only the added ones; privileged: every capability. Names are taken with or
 * without {@code CAP_}, in any case. "Every capability" is every one this kernel knows
 * ({@code /proc/sys/kernel/cap_last_cap}).
 */
public final class Capabilities {
  /** The capabilities by number, as {@code linux/capability.h} numbers them. */
  static final List<String> NAMES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE",
      "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
      "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
      "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
      "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG",
      "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
      "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
      "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  private Capabilities() {}

  /** The container's capabilities, {@code CAP_} names in Docker's order. */
  public static List<String> of(List<String> capAdd, List<String> capDrop, boolean privileged) {
    List<String> add = normalise(capAdd);
    List<String> drop = normalise(capDrop);
    if (privileged) {
      return all();
    }
    List<String> held = all();
    for (String c : add) {
      if (!c.equals("ALL") && !held.contains(c)) {
        throw new IllegalArgumentException("--cap-add " + c + ": hoist itself does not hold "
            + c + " on this machine, so no container can have it");
      }
    }
    Set<String> caps = new LinkedHashSet<>();
    if (add.contains("ALL")) {
      all().stream().filter(c -> !drop.contains(c)).forEach(caps::add);
    } else if (drop.contains("ALL")) {
      caps.addAll(add);
    } else {
      OciBundle.DEFAULT_CAPS.stream().filter(c -> !drop.contains(c)).forEach(caps::add);
      caps.addAll(add);
    }
    return List.copyOf(caps);
  }

  /**
   * {@code names} as {@code CAP_} names ({@code ALL} kept); an unknown one is refused with
   * Docker's message.
   */
  static List<String> normalise(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String upper = n.trim().toUpperCase(Locale.ROOT);
      String name = upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper;
      if (!name.equals("ALL") && !NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown capability: \"" + name + "\"");
      }
      out.add(name);
    }
    return out;
  }

  /** Every capability this kernel knows and hoist holds (its bounding set). */
  static List<String> all() {
    long bounding = ownBoundingSet();
    List<String> all = new ArrayList<>();
    for (int i = 0; i <= lastCap(); i++) {
      if ((bounding & (1L << i)) != 0) {
        all.add(NAMES.get(i));
      }
    }
    return all;
  }

  private static long ownBoundingSet() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapBnd:")) {
          return Long.parseUnsignedLong(line.substring(7).trim(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // below: every capability
    }
    return -1L;
  }

  /** The set as the shim's {@code caps} record takes it: a 64-bit mask in hexadecimal. */
  static String mask(List<String> caps) {
    long mask = 0;
    for (String c : caps) {
      mask |= 1L << NAMES.indexOf(c);
    }
    return Long.toHexString(mask);
  }

  private static int lastCap() {
    try {
      // readAllLines: Files.readString reads a /proc/sys file (size 0) only in part
      int last = Integer.parseInt(
          Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).trim());
      return Math.min(last, NAMES.size() - 1);
    } catch (IOException | RuntimeException e) {
      return NAMES.indexOf("CAP_AUDIT_READ"); // Linux 3.16's, the oldest a container runs on
    }
  }
}

package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.util.List;

/**
 * {@code --security-opt} values, as Docker's ({@code KEY=VALUE} or {@code KEY:VALUE}; the last
 * one of a key wins): {@code seccomp=unconfined|FILE}, {@code no-new-privileges[=true|false]}.
 * {@code label=disable} and {@code apparmor=unconfined} are accepted and change nothing: hoist
 * applies no SELinux or AppArmor profile, so there is nothing to disable. Anything else is
 * refused.
 */
public final class SecurityOptions {
  private SecurityOptions() {}

  /**
   * The seccomp profile the options choose ({@code seccomp=unconfined}, {@code seccomp=FILE}),
   * Docker's default without one. Checks every option.
   */
  public static SeccompOption seccomp(List<String> options) {
    SeccompOption seccomp = SeccompOption.DEFAULT;
    for (String o : options) {
      String key = key(o);
      String value = o.length() > key.length() ? o.substring(key.length() + 1) : null;
      switch (key) {
        case "seccomp" -> {
          if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--security-opt " + o
                + ": give seccomp=unconfined or seccomp=FILE (a profile in Docker's format)");
          }
          seccomp = SeccompOption.parse(value);
        }
        case "no-new-privileges" -> noNewPrivileges(value, o);
        case "label" -> requireValue(o, value, "disable",
            "hoist applies no SELinux label; only label=disable is accepted (it changes nothing)");
        case "apparmor" -> requireValue(o, value, "unconfined",
            "hoist applies no AppArmor profile; only apparmor=unconfined is accepted (it changes "
            + "nothing)");
        default -> throw new IllegalArgumentException("--security-opt " + o
            + " is not supported (seccomp=unconfined, seccomp=FILE, "
            + "no-new-privileges[=true|false], label=disable, apparmor=unconfined)");
      }
    }
    return seccomp;
  }

  /** Whether the processes get no_new_privs: true unless {@code no-new-privileges=false}. */
  public static boolean noNewPrivileges(List<String> options) {
    boolean nnp = true;
    for (String o : options) {
      if (key(o).equals("no-new-privileges")) {
        nnp = noNewPrivileges(o.length() > 17 ? o.substring(18) : null, o);
      }
    }
    return nnp;
  }

  private static boolean noNewPrivileges(String value, String option) {
    if (value == null || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("--security-opt " + option
        + ": no-new-privileges takes true or false");
  }

  private static void requireValue(String option, String value, String wanted, String why) {
    if (!wanted.equals(value)) {
      throw new IllegalArgumentException("--security-opt " + option + " is not supported: "
          + why);
    }
  }

  /** The key of {@code KEY=VALUE}, {@code KEY:VALUE} or {@code KEY}. */
  private static String key(String option) {
    int end = option.length();
    for (int i = 0; i < option.length(); i++) {
      char c = option.charAt(i);
      if (c == '=' || c == ':') {
        end = i;
        break;
      }
    }
    return option.substring(0, end);
  }
}

package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.util.List;

/** {@code --security-opt} values, as Docker's: only seccomp changes anything in hoist. */
public final class SecurityOptions {
  private SecurityOptions() {}

  /**
   * The seccomp profile the options choose ({@code seccomp=unconfined}, {@code seccomp=FILE},
   * also spelled {@code seccomp:…}; the last one wins), Docker's default without one.
   * {@code no-new-privileges} is accepted: hoist always sets it. Anything else is refused.
   */
  public static SeccompOption seccomp(List<String> options) {
    SeccompOption seccomp = SeccompOption.DEFAULT;
    for (String o : options) {
      if (o.startsWith("seccomp=") || o.startsWith("seccomp:")) {
        String value = o.substring("seccomp=".length());
        if (value.isEmpty()) {
          throw new IllegalArgumentException("--security-opt " + o
              + ": give seccomp=unconfined or seccomp=FILE (a profile in Docker's format)");
        }
        seccomp = SeccompOption.parse(value);
      } else if (!o.equals("no-new-privileges") && !o.equals("no-new-privileges=true")
          && !o.equals("no-new-privileges:true")) {
        throw new IllegalArgumentException("--security-opt " + o + " is not supported "
            + "(seccomp=unconfined, seccomp=FILE, no-new-privileges)");
      }
    }
    return seccomp;
  }
}

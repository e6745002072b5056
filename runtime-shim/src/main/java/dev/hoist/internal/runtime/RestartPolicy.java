package dev.hoist.internal.runtime;

import java.util.Locale;

/**
 * {@code --restart}, as Docker's: {@code no}, {@code on-failure[:N]} (N: at most so many
 * restarts, 0 or none: no limit), {@code always}, {@code unless-stopped}. The monitor of a
 * detached container applies it when the container exits ({@link #restarts}); Docker's
 * {@code HostConfig.RestartPolicy} ({@code Name}, {@code MaximumRetryCount}).
 *
 * @param name {@code no}, {@code on-failure}, {@code always} or {@code unless-stopped}
 * @param maximumRetryCount for {@code on-failure}: the most restarts (0: no limit)
 */
public record RestartPolicy(String name, int maximumRetryCount) {
  public static final RestartPolicy NO = new RestartPolicy("no", 0);

  public RestartPolicy {
    name = name == null || name.isEmpty() ? "no" : name;
    if (!name.equals("no") && !name.equals("on-failure") && !name.equals("always")
        && !name.equals("unless-stopped")) {
      throw new IllegalArgumentException("invalid restart policy: " + name
          + " (no, on-failure[:max-retries], always or unless-stopped)");
    }
    if (maximumRetryCount < 0) {
      throw new IllegalArgumentException("invalid restart policy: maximum retry count cannot "
          + "be negative");
    }
    if (maximumRetryCount > 0 && !name.equals("on-failure")) {
      throw new IllegalArgumentException("invalid restart policy: maximum retry count can only "
          + "be used with 'on-failure'");
    }
  }

  /** {@code --restart}'s value: {@code no}, {@code always}, {@code on-failure:3}… */
  public static RestartPolicy parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    int colon = v.indexOf(':');
    if (colon < 0) {
      return new RestartPolicy(v, 0);
    }
    String count = v.substring(colon + 1);
    try {
      return new RestartPolicy(v.substring(0, colon), Integer.parseInt(count));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid restart policy: maximum retry count must be "
          + "an integer: " + count);
    }
  }

  /** Whether a container that exited with {@code exitCode} after {@code restartCount} restarts
   * comes back; never after {@code hoist stop} ({@code stoppedByUser}), as Docker. */
  public boolean restarts(int exitCode, int restartCount, boolean stoppedByUser) {
    if (stoppedByUser) {
      return false;
    }
    return switch (name) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> exitCode != 0
          && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
      default -> false;
    };
  }

  /** Whether {@code hoist system boot} starts the container ({@code unless-stopped}: unless
   * the user stopped it). */
  public boolean startsAtBoot(boolean stoppedByUser) {
    return name.equals("always") || name.equals("unless-stopped") && !stoppedByUser;
  }

  public boolean isNo() {
    return name.equals("no");
  }

  /** As the user writes it: {@code on-failure:3}. */
  @Override
  public String toString() {
    return maximumRetryCount > 0 ? name + ":" + maximumRetryCount : name;
  }
}

package dev.hoist.internal.runtime.seccomp;

/** A kernel's major.minor, as a profile's {@code minKernel} and the running kernel give it. */
record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

  /** {@code 4.8}, {@code 6.1.0-18-amd64} (what follows major.minor is ignored). */
  static KernelVersion parse(String s, String what) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+).*")
        .matcher(s == null ? "" : s);
    if (!m.matches()) {
      throw new SeccompProfileException(what + " '" + s + "' is not a kernel version (4.8)");
    }
    return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The running kernel ({@code uname -r}, which the JVM gives as {@code os.version}). */
  static KernelVersion running() {
    return parse(System.getProperty("os.version"), "the running kernel");
  }

  @Override
  public int compareTo(KernelVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }
}

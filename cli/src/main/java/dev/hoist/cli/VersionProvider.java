package dev.hoist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code hoist --version}: the version the build stamped, and the Java running hoist. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    return new String[] {
        "hoist " + version(),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
            + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }

  /**
   * The version the build stamped: the jar manifest's Implementation-Version, which the JVM keeps
   * with the classes (in the class-data archive too), else (classes run from a directory, as in
   * tests) version.properties. Reading a resource opens the 10,000-entry jar, ~10 ms.
   */
  private static String version() throws IOException {
    String stamped = VersionProvider.class.getPackage().getImplementationVersion();
    if (stamped != null) {
      return stamped;
    }
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return p.getProperty("version", "unknown");
  }
}

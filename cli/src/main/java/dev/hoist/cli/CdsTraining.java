package dev.hoist.cli;

import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The {@code hoist} launcher's training run for its class-data-sharing archive: runs the common
 * commands (build and a cached rebuild among them) once, in one JVM, against a throw-away home, so that the classes they load are in
 * the archive ({@code java -XX:ArchiveClassesAtExit=… -cp hoist.jar dev.hoist.cli.CdsTraining
 * DOCKERFILE}). Containers run from a one-file image made of the host's {@code /bin/busybox}
 * when there is one; failures (no root, no busybox) do not matter, the code paths are loaded.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    if (args.length > 0) {
      Main.execute(new String[] {"dockerfile", "parse", "-f", args[0], "--format", "json"},
          sink, sink);
    }
    Path home = Files.createTempDirectory("hoist-training");
    System.setProperty("hoist.home", home.toString());
    try {
      Path tar = home.resolve("rootfs.tar");
      writeRootfs(tar);
      Path context = Files.createDirectories(home.resolve("context"));
      Files.writeString(context.resolve("Dockerfile"),
          "FROM training:1\nARG A=1\nENV B=$A\nCOPY file /file\nRUN true\nCMD [\"true\"]\n");
      Files.writeString(context.resolve("file"), "training\n");
      // compose: its commands load SnakeYAML, the project's model and the in-JVM monitor steps
      Path compose = home.resolve("compose.yaml");
      Files.writeString(compose, """
          services:
            one: {image: "training:1", command: ["true"], volumes: ["data:/data"],
                  environment: {A: "${A:-1}"}, ports: ["127.0.0.1::80"]}
            two: {image: "training:1", command: ["true"], depends_on: [one]}
          volumes:
            data:
          """);
      String[][] commands = {
          {"import", tar.toString(), "training:1"},
          {"build", "--progress=plain", "-t", "training:2", context.toString()},
          {"build", "--progress=plain", "-t", "training:2", context.toString()},
          {"images"},
          {"run", "--rm", "-e", "A=1", "-w", "/", "training:1", "true"},
          {"run", "--rm", "training:1", "sh", "-c", "exit 3"},
          {"create", "--name", "training", "-v", "training-volume:/data", "training:1", "true"},
          {"start", "-a", "training"},
          {"ps", "-a"},
          {"ps", "-q"},
          {"inspect", "training"},
          {"logs", "training"},
          {"stop", "training"},
          {"kill", "training"},
          {"rm", "-f", "training"},
          {"compose", "-f", compose.toString(), "-p", "training", "up", "-d"},
          {"compose", "-f", compose.toString(), "-p", "training", "ps", "-a"},
          {"compose", "-f", compose.toString(), "-p", "training", "down", "-v", "-t", "0"},
          {"volume", "ls"},
          {"volume", "rm", "training-volume"},
          {"info"},
      };
      for (String[] command : commands) {
        Main.execute(command, sink, sink);
      }
    } finally {
      System.clearProperty("hoist.home");
      Trees.delete(home);
    }
    System.exit(0);
  }

  private static void writeRootfs(Path tar) throws IOException {
    Path busybox = Path.of("/bin/busybox");
    try (OutputStream file = Files.newOutputStream(tar);
        TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
      TarArchiveEntry bin = new TarArchiveEntry("bin/");
      bin.setMode(040755);
      out.putArchiveEntry(bin);
      out.closeArchiveEntry();
      byte[] content = Files.isExecutable(busybox) ? Files.readAllBytes(busybox) : new byte[0];
      TarArchiveEntry sh = new TarArchiveEntry("bin/busybox");
      sh.setMode(0100755);
      sh.setSize(content.length);
      out.putArchiveEntry(sh);
      out.write(content);
      out.closeArchiveEntry();
      for (String applet : new String[] {"sh", "true"}) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
      }
    }
    Files.setPosixFilePermissions(tar, PosixFilePermissions.fromString("rw-------"));
  }
}

package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist cp [-a] [-L] CONTAINER:SRC DEST|-} and {@code hoist cp [-a] [-L] SRC|-
 * CONTAINER:DEST}: files between a container (running or stopped) and the host, or a tar
 * stream on standard input or output ({@code -}), as Docker's.
 */
@Command(name = "cp", mixinStandardHelpOptions = true,
    description = {"Copy files between a container (running or stopped) and the host.",
        "CONTAINER:SRC DEST copies out of the container, SRC CONTAINER:DEST into it; - as DEST "
            + "writes a tar to standard output, - as SRC extracts a tar from standard input "
            + "into the directory DEST. Paths in the container are resolved as the container "
            + "sees them: no symlink leads out of its root."})
final class CpCommand implements Callable<Integer> {
  @Option(names = {"-a", "--archive"},
      description = "Keep the files' owners (uid/gid); otherwise they are the receiving side's "
          + "root (in the container) or this user's (on the host).")
  boolean archive;

  @Option(names = {"-L", "--follow-link"}, description = "Follow a symbolic link SRC names.")
  boolean follow;

  @Parameters(index = "0", paramLabel = "SRC") String source;

  @Parameters(index = "1", paramLabel = "DEST") String destination;

  @Spec
  CommandSpec spec;

  /** Docker's split: {@code NAME:PATH} names a container unless the argument is a local path. */
  record Operand(String container, String path) {
    static Operand of(String arg) {
      int colon = arg.indexOf(':');
      if (arg.startsWith("/") || colon < 0 || arg.startsWith(".")) {
        return new Operand(null, arg);
      }
      return new Operand(arg.substring(0, colon), arg.substring(colon + 1));
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Operand from = Operand.of(source);
    Operand to = Operand.of(destination);
    if (from.container() != null && to.container() != null) {
      throw new UserError("copying between containers is not supported");
    }
    if (from.container() == null && to.container() == null) {
      throw new UserError("must specify at least one container source");
    }
    ContainerService containers = ContainerCli.containers(spec);
    if (from.container() != null) {
      if (to.path().equals("-")) {
        OutputStream out = System.out;
        containers.copyOut(from.container(), path(from), follow, out);
        out.flush();
      } else {
        containers.copyToHost(from.container(), path(from), follow, to.path(), archive);
      }
      return 0;
    }
    if (from.path().equals("-")) {
      InputStream in = System.in;
      containers.copyIn(in, to.container(), path(to), archive);
    } else {
      containers.copyFromHost(from.path(), follow, to.container(), path(to), archive);
    }
    return 0;
  }

  /** A path in a container: relative ones from its root, as Docker's. */
  private static String path(Operand operand) {
    return operand.path().startsWith("/") ? operand.path() : "/" + operand.path();
  }
}

package dev.hoist.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist export [-o FILE] CONTAINER}: the container's root filesystem as a tar. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a container's root filesystem (its image with its changes; not its "
        + "volumes) as a tar to standard output or a file.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (output == null && System.console() != null) {
      throw new UserError("cowardly refusing to save to a terminal. Use the -o flag or "
          + "redirect");
    }
    try (OutputStream out = output == null
        ? new BufferedOutputStream(System.out, 1 << 16) {
          @Override
          public void close() throws IOException {
            flush(); // standard output stays open
          }
        }
        : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
      ContainerCli.containers(spec).export(reference, out);
    }
    return 0;
  }
}

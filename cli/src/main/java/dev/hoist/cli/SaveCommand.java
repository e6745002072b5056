package dev.hoist.cli;

import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist save IMAGE… -o FILE [--format docker|oci]}. */
@Command(name = "save", mixinStandardHelpOptions = true,
    description = "Save images to a tar archive: Docker's format (loadable by docker load and "
        + "podman load) or an OCI image layout.")
final class SaveCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The archive to write (- for standard output).")
  String output;

  @Option(names = "--format", defaultValue = "docker", paramLabel = "docker|oci",
      description = "Archive format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--platform", paramLabel = "OS/ARCH",
      description = "The variant of a multi-platform image to save in docker format.")
  String platform;

  @Parameters(paramLabel = "IMAGE", arity = "1..*") List<String> images;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ArchiveFormat archiveFormat;
    try {
      archiveFormat = ArchiveFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Platform target = platform == null ? Platform.host() : Platform.parse(platform);
    Cli.hoist(spec).images().save(images, archiveFormat, target, output.equals("-")
        ? body -> {
          OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
          body.writeTo(out);
          out.flush();
        }
        : body -> AtomicFiles.writeOutput(Path.of(output), body));
    return 0;
  }
}

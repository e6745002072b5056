package dev.hoist.cli;

import dev.hoist.cache.archive.ArchiveFormat;
import dev.hoist.cache.archive.ArchiveWriter;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.store.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
    ImageStore store = LocalStore.open(spec);
    List<ArchiveWriter.Saved> saved = new ArrayList<>();
    for (String reference : images) {
      ImageName name = ImageStore.looksLikeId(reference) ? null : LocalStore.name(reference);
      saved.add(new ArchiveWriter.Saved(name, LocalStore.require(spec, reference)));
    }
    Platform target = platform == null ? Platform.host() : Platform.parse(platform);
    ArchiveWriter writer = new ArchiveWriter(store);
    if (output.equals("-")) {
      OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
      writer.write(saved, archiveFormat, target, out);
      out.flush();
      return 0;
    }
    AtomicFiles.writeOutput(Path.of(output), out -> writer.write(saved, archiveFormat, target,
        out));
    return 0;
  }
}

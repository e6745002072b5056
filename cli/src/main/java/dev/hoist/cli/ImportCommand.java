package dev.hoist.cli;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist import ROOTFS.tar NAME[:TAG]}, as {@code docker import}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Create a one-layer image from a filesystem tarball (- for standard input).",
        "With SOURCE_DATE_EPOCH set, the image's time is that time and later file times are "
            + "clamped to it, so the same tarball gives the same image."})
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE",
      description = "The filesystem tarball (plain, gzip or zstd), or - for standard input.")
  String file;

  @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "The new image's name.")
  String reference;

  @Option(names = "--platform", paramLabel = "OS/ARCH",
      description = "The platform to record (default: this machine's).")
  String platform;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    var name = LocalStore.name(reference);
    Platform target = platform == null ? Platform.host() : Platform.parse(platform);
    Descriptor manifest;
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      // SOURCE_DATE_EPOCH, when set, clamps the layer's mtimes and is the image's time
      manifest = Cli.hoist(spec).images().importRootfs(in, name, target);
    }
    spec.commandLine().getOut().println(manifest.digest());
    return 0;
  }
}

package dev.hoist.cli;

import dev.hoist.internal.cache.archive.ArchiveLoader;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist load -i FILE}: a docker save or OCI layout archive into the store. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load images from a tar archive (docker save format or an OCI image layout; "
        + "plain, gzip or zstd).")
final class LoadCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, paramLabel = "FILE", defaultValue = "-",
      description = "The archive to read (default: standard input).")
  String input;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ArchiveLoader.Loaded loaded;
    try (InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
      loaded = Cli.hoist(spec).images().load(in);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (ImageName name : loaded.tags()) {
      out.println("Loaded image: " + name.familiar());
    }
    for (Descriptor untagged : loaded.untagged()) {
      out.println("Loaded image ID: " + untagged.digest());
    }
    return 0;
  }
}

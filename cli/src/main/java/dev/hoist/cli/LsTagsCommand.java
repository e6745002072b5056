package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist ls-tags REPO}: the tags of a repository, one a line. */
@Command(name = "ls-tags", mixinStandardHelpOptions = true,
    description = "List the tags of a repository in a registry, one a line.")
final class LsTagsCommand implements Callable<Integer> {
  @Mixin RegistryFlags flags;

  @Parameters(paramLabel = "REPOSITORY", description = "e.g. ghcr.io/org/app or alpine")
  String repository;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageName reference = RegistryFlags.reference(repository);
    PrintWriter out = spec.commandLine().getOut();
    for (String tag : Cli.hoist(spec).registries().tags(reference, flags.overrides())) {
      out.println(tag);
    }
    return 0;
  }
}

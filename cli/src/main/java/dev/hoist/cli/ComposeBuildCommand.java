package dev.hoist.cli;

import dev.hoist.internal.build.BuildProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hoist compose build [--no-cache] [--pull] [-q] [SERVICE…]}: one service call. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build the images of the services with a build section.")
final class ComposeBuildCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--no-cache", description = "Run every step again.")
  boolean noCache;

  @Option(names = "--pull", description = "Always check for newer base images.")
  boolean pull;

  @Option(names = {"-q", "--quiet"}, description = "Print no build steps.")
  boolean quiet;

  @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    parent.compose().build(parent.project(true), services, noCache, pull,
        quiet ? BuildProgress.silent() : new BuildProgressPrinter(spec.commandLine().getErr()),
        parent.events());
    return 0;
  }
}

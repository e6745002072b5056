package dev.hoist.cli;

import dev.hoist.registry.DockerConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist logout [REGISTRY]}: removes stored credentials. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = "Remove the credentials stored for a registry.")
final class LogoutCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "Default: Docker Hub.")
  String registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String host = RegistryFlags.hostOrHub(registry);
    if (DockerConfig.fromEnvironment().logout(host)) {
      spec.commandLine().getOut().println("Removing login credentials for " + LoginCommand.display(host));
    } else {
      spec.commandLine().getOut().println("Not logged in to " + LoginCommand.display(host));
    }
    return 0;
  }
}

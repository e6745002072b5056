package dev.hoist.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoist logout [REGISTRY]}: removes stored credentials. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = "Remove the credentials stored for a registry.")
final class LogoutCommand implements Callable<Integer> {
  @Mixin RegistryArgument registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String host = registry.host();
    if (Cli.hoist(spec).registries().logout(host)) {
      spec.commandLine().getOut().println("Removing login credentials for " + RegistryArgument.display(host));
    } else {
      spec.commandLine().getOut().println("Not logged in to " + RegistryArgument.display(host));
    }
    return 0;
  }
}

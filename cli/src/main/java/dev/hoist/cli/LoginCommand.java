package dev.hoist.cli;

import dev.hoist.internal.service.RegistryService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist login [-u USER] [-p PASSWORD | --password-stdin] [REGISTRY]}: checks and stores
 * credentials.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log in to a registry: the credentials are checked, then stored in Docker's config.json "
        + "($DOCKER_CONFIG or ~/.docker, mode 0600) or its credential helper.")
final class LoginCommand implements Callable<Integer> {
  @Option(names = {"-u", "--username"}, paramLabel = "USER",
      description = "The user name (default: asked on the terminal).")
  String username;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
      description = "The password (or token); insecure (it shows in the process list and the "
          + "shell's history): prefer --password-stdin.")
  String passwordOption;

  @Option(names = "--password-stdin", description = "Read the password (or token) from standard input.")
  boolean passwordStdin;

  @Mixin RegistryFlags flags;

  @Mixin RegistryArgument registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (passwordOption != null && passwordStdin) {
      throw new UserError("--password and --password-stdin are mutually exclusive");
    }
    String host = registry.host();
    Console console = System.console();
    if (username == null) {
      if (console == null) {
        throw new UserError("give the user name with -u (standard input is not a terminal)");
      }
      username = console.readLine("Username: ");
    }
    String password;
    if (passwordOption != null) {
      spec.commandLine().getErr().println(
          "WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
      password = passwordOption;
    } else if (passwordStdin) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine(); // without the line end; spaces belong to the password
      password = line == null ? "" : line;
    } else if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? "" : new String(typed);
    } else {
      throw new UserError("no terminal to ask for the password: use --password-stdin");
    }
    RegistryService.Login login = Cli.hoist(spec).registries().login(host, username, password,
        flags.overrides());
    spec.commandLine().getErr().println(login.unencrypted()
        ? "WARNING! Your password is stored unencrypted in " + login.storedBy()
            + " (configure a credential helper to avoid this)"
        : "Credentials stored by " + login.storedBy());
    spec.commandLine().getOut().println("Login Succeeded");
    return 0;
  }
}

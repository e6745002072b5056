package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code hoist attach CONTAINER}: a detached container's output, followed from now until it
 * exits; its exit code is hoist's. SIGINT and SIGTERM are passed to the container unless
 * {@code --sig-proxy=false}. Standard input cannot be attached (the container's monitor holds
 * none): a container made with {@code -i} is refused unless {@code --no-stdin}.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = "Attach to a running detached container's output (stdin cannot be attached: "
        + "see --no-stdin).")
final class AttachCommand implements Callable<Integer> {
  @Option(names = "--no-stdin", description = "Do not attach STDIN (hoist never can: a "
      + "container made with -i needs this flag).")
  boolean noStdin;

  @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Proxy SIGINT and SIGTERM to the container (default true).")
  boolean sigProxy;

  @Option(names = "--detach-keys", paramLabel = "KEYS",
      description = "Refused: detach keys are read from stdin, which hoist cannot attach.")
  String detachKeys;

  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (detachKeys != null) {
      throw new UserError("--detach-keys needs the container's stdin, which hoist cannot "
          + "attach (its monitor holds none); end the attachment with Ctrl-C and "
          + "--sig-proxy=false instead");
    }
    ContainerService containers = ContainerCli.containers(spec);
    var container = containers.require(reference);
    if (!noStdin && container.config() != null && container.config().openStdin()) {
      throw new UserError("cannot attach stdin to " + container.name() + ": hoist keeps no "
          + "stdin for a detached container (its monitor holds none); attach with --no-stdin");
    }
    List<Signal> installed = new ArrayList<>();
    List<SignalHandler> previous = new ArrayList<>();
    if (sigProxy) {
      for (String name : List.of("INT", "TERM")) {
        Signal signal = new Signal(name);
        previous.add(Signal.handle(signal, s -> {
          try {
            containers.kill(container.id(), name);
          } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("error: passing SIG" + name + ": "
                + e.getMessage());
          }
        }));
        installed.add(signal);
      }
    }
    try {
      int code = containers.attach(reference, spec.commandLine().getOut(),
          spec.commandLine().getErr());
      spec.commandLine().getOut().flush();
      return code;
    } finally {
      for (int i = 0; i < installed.size(); i++) {
        Signal.handle(installed.get(i), previous.get(i));
      }
    }
  }
}

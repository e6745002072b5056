package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.DetachKeys;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist attach CONTAINER}: a detached container's output, followed from now until it
 * exits (its exit code is hoist's), and, for a container made with {@code -i}, this process's
 * standard input as its own unless {@code --no-stdin}: the detach keys ({@code --detach-keys},
 * Docker's {@code ctrl-p,ctrl-q} by default) read there end the attachment and leave the
 * container running. SIGINT and SIGTERM are passed to the container unless {@code
 * --sig-proxy=false}. A container made with {@code -t} gets this terminal's size, at once and
 * on each SIGWINCH.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = "Attach local standard input, output, and error streams to a running "
        + "detached container.")
final class AttachCommand implements Callable<Integer> {
  @Option(names = "--no-stdin", description = "Do not attach STDIN.")
  boolean noStdin;

  @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Proxy SIGINT and SIGTERM to the container (default true).")
  boolean sigProxy;

  @Option(names = "--detach-keys", paramLabel = "KEYS",
      description = "Override the key sequence for detaching a container (default "
          + "ctrl-p,ctrl-q).")
  String detachKeys;

  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DetachKeys keys;
    try {
      keys = DetachKeys.parse(detachKeys);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ContainerService containers = ContainerCli.containers(spec);
    var container = containers.require(reference);
    List<String> proxied = sigProxy ? List.of("INT", "TERM") : List.of();
    SignalHandlers proxy = SignalHandlers.install(proxied, name -> {
      try {
        containers.kill(container.id(), name);
      } catch (IOException | RuntimeException e) {
        spec.commandLine().getErr().println("error: passing SIG" + name + ": "
            + e.getMessage());
      }
    });
    // a container's terminal takes the size of this one's, now and when the window changes
    AutoCloseable window = container.spec() != null && container.spec().tty()
        ? ControllingTerminal.follow(size -> {
          try {
            containers.resize(container.id(), size);
          } catch (IOException | RuntimeException e) {
            // it ended meanwhile: the attachment ends with it
          }
        })
        : () -> { };
    // keys go to the container's terminal one by one, as typed (restored when it ends)
    AutoCloseable raw = container.spec() != null && container.spec().tty() && !noStdin
        ? ControllingTerminal.raw() : () -> { };
    try (proxy; window; raw) {
      OptionalInt code = containers.attach(reference, noStdin ? null : System.in, keys,
          spec.commandLine().getOut(), spec.commandLine().getErr());
      spec.commandLine().getOut().flush();
      if (code.isEmpty()) {
        spec.commandLine().getErr().println("read escape sequence");
        return 0;
      }
      return code.getAsInt();
    }
  }
}

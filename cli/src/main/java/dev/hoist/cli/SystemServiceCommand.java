package dev.hoist.cli;

import dev.hoist.internal.engine.EngineService;
import dev.hoist.internal.engine.ServiceAddress;
import dev.hoist.internal.engine.SocketActivation;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hoist system service [--time SECONDS] [URI]}: serves the Docker Engine API over this
 * store (docs/engine-api.md) until idle that long, or until SIGTERM/SIGINT.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
    description = "Serve the Docker Engine API on a socket, so that docker, docker-compose and "
        + "Testcontainers use this store (DOCKER_HOST=unix:///run/hoist/hoist.sock).")
final class SystemServiceCommand implements Callable<Integer> {
  @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "5",
      description = "Stop after this many seconds without a request; 0: never "
          + "(default: ${DEFAULT-VALUE}).")
  long time;

  @Parameters(index = "0", arity = "0..1", paramLabel = "URI",
      description = "unix:///PATH (default: /run/hoist/hoist.sock as root, "
          + "$XDG_RUNTIME_DIR/hoist/hoist.sock otherwise) or tcp://HOST:PORT (no TLS).")
  String uri;

  @Spec CommandSpec spec;

  private ServiceAddress address(PrintWriter err) {
    ServiceAddress address = uri == null
        ? ServiceAddress.defaultFor("root".equals(System.getProperty("user.name")),
            System.getenv("XDG_RUNTIME_DIR"))
        : ServiceAddress.parse(uri);
    if (address.isTcp()) {
      err.println("WARNING: serving the API on " + address.uri() + " over plain HTTP, without "
          + "TLS or authentication: whoever reaches that port controls this store's containers");
    }
    return address;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (time < 0) {
      throw new UserError("--time " + time + ": give 0 (never stop) or more seconds");
    }
    PrintWriter err = spec.commandLine().getErr();
    java.util.function.Consumer<String> log = message -> {
      synchronized (err) {
        err.println("hoist service: " + message);
        err.flush();
      }
    };
    String version = new VersionProvider().getVersion()[0].substring("hoist ".length());
    EngineService service;
    try {
      Optional<SocketActivation.Socket> activated = SocketActivation.inherited(System.getenv());
      if (activated.isPresent()) {
        if (uri != null) {
          throw new UserError("started by systemd with its socket: the address is the "
              + "socket unit's ListenStream=, give no URI");
        }
        service = EngineService.startActivated(Cli.hoist(spec), version, activated.get(), log);
      } else {
        service = EngineService.start(Cli.hoist(spec), version, address(err), log);
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        service.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
      stopped.countDown();
    }, "hoist-service-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("hoist: serving the Docker Engine API on " + service.uri()
        + (time == 0 ? "" : " (stops after " + time + " s idle)"));
    err.flush();
    service.awaitIdle(Duration.ofSeconds(time));
    Runtime.getRuntime().removeShutdownHook(hook);
    service.close();
    return 0;
  }
}

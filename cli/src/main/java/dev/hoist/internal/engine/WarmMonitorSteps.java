package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.MonitorStepServer;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The service's monitor steps: the start and exit steps of the detached containers it starts
 * run in the service's warm JVM ({@link MonitorStepServer}) instead of a JVM each, so that
 * {@code docker run --rm} starts no process but the monitor and the container. The monitor
 * keeps the step command (the CLI's JVM) for when the service is gone: a container outlives a
 * killed service and its exit is recorded all the same. When the step socket cannot be bound
 * (a home whose path is too long for a socket), the service runs as without it, and says so.
 */
final class WarmMonitorSteps implements AutoCloseable {
  private final Hoist hoist;
  private final MonitorStepServer server;

  private WarmMonitorSteps(Hoist hoist, MonitorStepServer server) {
    this.hoist = hoist;
    this.server = server;
  }

  static WarmMonitorSteps start(Hoist hoist, Consumer<String> log) {
    try {
      MonitorStepServer server = MonitorStepServer.start(hoist.context().home(), log);
      var context = hoist.context();
      return new WarmMonitorSteps(Hoist.of(context.withMonitor(
          context.monitor().throughService(server.socket()))), server);
    } catch (IOException | RuntimeException e) {
      log.accept("the monitor's steps run in a JVM each (no step socket: " + e.getMessage() + ")");
      return new WarmMonitorSteps(hoist, null);
    }
  }

  /** The services whose detached containers ask this service for their steps. */
  Hoist hoist() {
    return hoist;
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }
}

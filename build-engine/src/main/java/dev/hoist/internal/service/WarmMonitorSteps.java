package dev.hoist.internal.service;

import dev.hoist.internal.runtime.MonitorStepServer;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Monitor steps in this JVM: the start and exit steps of the detached containers the services
 * of {@link #hoist()} start run in this (warm) JVM ({@link MonitorStepServer}) instead of a JVM
 * each, so that a start spawns no process but the monitor and the container. The Engine API
 * service keeps one for its life; a CLI command that starts or stops several containers
 * ({@code hoist compose up}, {@code down}) for the command's. The monitor keeps the step
 * command (the CLI's JVM) for when this JVM is gone: a container outlives it and its exit is
 * recorded all the same (by another program serving the home's steps then, else by the
 * command). When the step socket cannot be bound (a home whose path is too long for a socket),
 * the services run as without it, and {@code log} says so.
 */
public final class WarmMonitorSteps implements AutoCloseable {
  private final Hoist hoist;
  private final MonitorStepServer server;

  private WarmMonitorSteps(Hoist hoist, MonitorStepServer server) {
    this.hoist = hoist;
    this.server = server;
  }

  /** Serves the steps of {@code hoist}'s home; {@code log}: what fails outside a step. */
  public static WarmMonitorSteps start(Hoist hoist, Consumer<String> log) {
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

  /** The services whose detached containers ask this JVM for their steps. */
  public Hoist hoist() {
    return hoist;
  }

  /** Stops serving, once the steps being served have ended ({@link MonitorStepServer#close}). */
  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }
}

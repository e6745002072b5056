package dev.hoist.internal.engine;

import dev.hoist.internal.service.ContainerService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HexFormat;
import java.security.SecureRandom;

/**
 * The exec instances the API made ({@code POST /containers/{id}/exec}), by ID, until their
 * container is removed or the service stops: what to run, then its process's PID and exit code.
 */
final class Execs {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One exec instance; {@code pid} 0 and {@code exitCode} null until it ran and ended. */
  static final class Exec {
    final String id;
    final String containerId;
    final ContainerService.ExecRequest request;
    final boolean stdin;
    final boolean stdout;
    final boolean stderr;
    volatile boolean running;
    volatile long pid;
    volatile Integer exitCode;

    Exec(String id, String containerId, ContainerService.ExecRequest request, boolean stdin,
        boolean stdout, boolean stderr) {
      this.id = id;
      this.containerId = containerId;
      this.request = request;
      this.stdin = stdin;
      this.stdout = stdout;
      this.stderr = stderr;
    }
  }

  private final Map<String, Exec> byId = new ConcurrentHashMap<>();

  Exec add(String containerId, ContainerService.ExecRequest request, boolean stdin,
      boolean stdout, boolean stderr) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    Exec e = new Exec(HexFormat.of().formatHex(bytes), containerId, request, stdin, stdout,
        stderr);
    byId.put(e.id, e);
    return e;
  }

  Optional<Exec> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}

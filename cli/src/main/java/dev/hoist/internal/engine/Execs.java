package dev.hoist.internal.engine;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.HostProcess;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The exec instances the API made ({@code POST /containers/{id}/exec}), by ID: what to run,
 * then its process's PID and exit code. Each is also kept in the store,
 * {@code execs/ID.json} in its container's directory (gone with the container), so a service
 * started later answers {@code GET /exec/{id}/json} for an exec made before it (one whose
 * process is gone without its exit code recorded shows {@code Running: false} and no code).
 */
final class Execs {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

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
    /** Its process, when this service started it (for a resize of its terminal). */
    volatile HostProcess shim;
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

  /** What the store keeps of an {@link Exec}. */
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
  record Saved(String id, String containerId, List<String> argv, List<String> env, String user,
      String workdir, boolean tty, boolean stdin, boolean stdout, boolean stderr,
      boolean running, long pid, Integer exitCode, boolean privileged) {}

  private final Map<String, Exec> byId = new ConcurrentHashMap<>();
  private final ContainerStore store;

  Execs(ContainerStore store) {
    this.store = store;
  }

  Exec add(String containerId, ContainerService.ExecRequest request, boolean stdin,
      boolean stdout, boolean stderr) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    Exec e = new Exec(HexFormat.of().formatHex(bytes), containerId, request, stdin, stdout,
        stderr);
    save(e);
    byId.put(e.id, e);
    return e;
  }

  /** Writes {@code e} as it is now to its container's directory (a removed one: nothing). */
  void save(Exec e) {
    Path dir = store.dir(e.containerId);
    if (!Files.isDirectory(dir)) {
      return;
    }
    ContainerService.ExecRequest r = e.request;
    Saved saved = new Saved(e.id, e.containerId, r.argv(), r.env(), r.user(), r.workdir(),
        r.tty(), e.stdin, e.stdout, e.stderr, e.running, e.pid, e.exitCode, r.privileged());
    try {
      Path execs = Files.createDirectories(dir.resolve("execs"));
      AtomicFiles.writeUnsynced(execs.resolve(e.id + ".json"), JSON.writeValueAsBytes(saved),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException failed) {
      // the container was removed meanwhile: its execs with it
    }
  }

  Optional<Exec> find(String id) throws IOException {
    Exec known = byId.get(id);
    if (known != null || !ID.matcher(id).matches()) {
      return Optional.ofNullable(known);
    }
    for (ContainerState c : store.list()) {
      Path saved = store.dir(c.id()).resolve("execs").resolve(id + ".json");
      if (Files.isRegularFile(saved)) {
        Exec e = load(JSON.readValue(saved.toFile(), Saved.class));
        return Optional.of(byId.computeIfAbsent(id, k -> e));
      }
    }
    return Optional.empty();
  }

  /** An exec an earlier service made; one it ran whose process is gone is not running. */
  private static Exec load(Saved s) {
    Exec e = new Exec(s.id(), s.containerId(), new ContainerService.ExecRequest(s.argv(),
        s.env(), s.user(), s.workdir(), s.tty(), s.privileged()), s.stdin(), s.stdout(),
        s.stderr());
    e.pid = s.pid();
    e.exitCode = s.exitCode();
    e.running = s.running() && s.pid() > 0 && ProcessHandle.of(s.pid()).map(
        ProcessHandle::isAlive).orElse(false);
    return e;
  }
}

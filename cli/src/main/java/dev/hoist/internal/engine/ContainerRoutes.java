package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.DetachKeys;
import dev.hoist.internal.service.StdinAttachment;
import dev.hoist.internal.service.WaitCondition;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.NotFoundException;
import dev.hoist.internal.service.PullPolicy;
import dev.hoist.internal.service.RegistryOverrides;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.list.ContainerListOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code /containers/…}: list, create, inspect, start, stop, kill, restart, wait, remove, logs,
 * attach; each one call of {@link ContainerService}.
 */
final class ContainerRoutes {
  private static final String RAW = "application/vnd.docker.raw-stream";
  private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

  private final Hoist hoist;
  private final ContainerService containers;
  private final AutoRemovals removals;

  ContainerRoutes(Hoist hoist, AutoRemovals removals) {
    this.hoist = hoist;
    this.containers = hoist.containers();
    this.removals = removals;
  }

  void addTo(Router router) {
    router.add("GET", "/containers/json", (req, res, p) -> res.json(200,
        containers.list(new ContainerListOptions(req.flag("all", false),
            (int) req.number("limit", 0), req.flag("size", false), FilterParam.of(req)))
            .stream().map(DockerShapes::container).toList()));
    router.add("POST", "/containers/create", (req, res, p) -> create(req, res));
    router.add("GET", "/containers/([^/]+)/json", (req, res, p) ->
        res.json(200, containers.dockerInspect(p.get(0), req.flag("size", false))));
    router.add("POST", "/containers/([^/]+)/start", (req, res, p) -> {
      ContainerState c = containers.require(p.get(0));
      if (c.isActive()) {
        res.empty(304);
        return;
      }
      containers.startDetached(c);
      removals.started(c.id());
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/stop", (req, res, p) -> {
      ContainerState c = containers.require(p.get(0));
      if (!c.isActive()) {
        res.empty(304);
        return;
      }
      containers.stop(c.id(), signal(req), timeout(req));
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/restart", (req, res, p) -> {
      ContainerState c = containers.restart(p.get(0), signal(req), timeout(req));
      removals.started(c.id());
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/kill", (req, res, p) -> {
      ContainerState c = containers.require(p.get(0));
      if (!c.isActive()) {
        throw new ApiException(409, "Container " + c.id() + " is not running");
      }
      String signal = req.param("signal");
      containers.kill(c.id(), signal == null || signal.isEmpty() ? "KILL" : signal);
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/wait", (req, res, p) -> await(req, res, p.get(0)));
    router.add("DELETE", "/containers/([^/]+)", (req, res, p) -> {
      boolean force = req.flag("force", false);
      Optional<ContainerState> c = containers.find(p.get(0)); // none: perhaps unreadable
      if (c.isPresent() && c.get().isActive() && !force) {
        throw new ApiException(409, "cannot remove container \"/" + c.get().name()
            + "\": container is running: stop the container before removing or force remove");
      }
      containers.remove(c.map(ContainerState::id).orElse(p.get(0)), force, req.flag("v", false));
      res.empty(204);
    });
    router.add("GET", "/containers/([^/]+)/logs", (req, res, p) -> logs(req, res, p.get(0)));
    router.add("POST", "/containers/([^/]+)/attach", (req, res, p) -> attach(req, res, p.get(0)));
  }

  /** {@code t} (or {@code timeout}) seconds, negative: for ever; none: the container's own. */
  private static Duration timeout(HttpRequest req) {
    if (req.param("t") == null && req.param("timeout") == null) {
      return null;
    }
    long seconds = req.number("t", req.number("timeout", 10));
    return Duration.ofSeconds(seconds < 0 ? 3650L * 24 * 3600 : seconds);
  }

  /** {@code signal}: the one {@code stop} and {@code restart} send first (none: STOPSIGNAL). */
  private static String signal(HttpRequest req) {
    String signal = req.param("signal");
    return signal == null || signal.isEmpty() ? null : signal;
  }

  private void create(HttpRequest req, HttpResponse res) throws IOException {
    JsonNode body;
    try {
      body = CanonicalJson.mapper().readTree(req.body());
    } catch (IOException e) {
      throw new ApiException(400, "invalid JSON: " + e.getMessage());
    }
    String name = req.param("name");
    CreateRequest create;
    try {
      create = CreateRequest.read(name, body);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    ContainerState c;
    try {
      c = containers.create(create.request(), PullPolicy.NEVER, RegistryOverrides.NONE,
          PullListener.NONE);
    } catch (NotFoundException e) {
      throw new ApiException(404, "No such image: " + create.options().image());
    } // a name taken is a ConflictException (409), other refusals 400: EngineApi.handle
    if (create.autoRemove()) {
      removals.register(c.id());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("Id", c.id());
    answer.put("Warnings", create.warnings());
    res.json(201, answer);
  }

  /**
   * {@code POST /containers/{id}/wait?condition=}: the status line goes at once (the client
   * knows it waits), {@code {"StatusCode": N}} once the condition holds: {@code not-running}
   * (default), {@code next-exit} (an exit after this request), {@code removed}.
   */
  private void await(HttpRequest req, HttpResponse res, String reference) throws Exception {
    ContainerState first = containers.require(reference);
    String id = first.id();
    String condition = Optional.ofNullable(req.param("condition")).orElse("not-running");
    if (!List.of("not-running", "next-exit", "removed", "").contains(condition)) {
      throw new ApiException(400, "invalid condition: \"" + condition + "\"");
    }
    CompletableFuture<Integer> removal = removals.removal(id);
    try (OutputStream out = res.stream(200, "application/json")) {
      Map<String, Object> answer;
      try {
        answer = Map.of("StatusCode", condition.equals("removed") && removal != null
            ? awaitRemoval(removal, out)
            : containers.await(id, WaitCondition.parse(condition), () -> heartbeat(out)));
      } catch (NotFoundException removed) {
        answer = Map.of("StatusCode", -1, "Error", Map.of("Message", removed.getMessage()));
      }
      out.write(CanonicalJson.mapper().writeValueAsBytes(answer));
      out.write('\n');
    } catch (IOException gone) {
      // the client went away while it waited (docker run -d cancels its wait): so does this
    }
  }

  /**
   * Every second of a wait, a newline before the answer (JSON decoders skip it): a client that
   * went away makes the write fail, and the wait ends instead of holding its thread until the
   * container exits.
   */
  private static void heartbeat(OutputStream out) throws IOException {
    out.write('\n');
    out.flush();
  }

  private static int awaitRemoval(CompletableFuture<Integer> removal, OutputStream out)
      throws IOException, InterruptedException {
    while (true) {
      try {
        return removal.get(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return -1;
      } catch (java.util.concurrent.TimeoutException e) {
        heartbeat(out);
      }
    }
  }

  /** {@code GET /containers/{id}/logs}: the log, multiplexed unless the container has a TTY. */
  private void logs(HttpRequest req, HttpResponse res, String reference) throws Exception {
    ContainerState c = containers.require(reference);
    boolean stdout = req.flag("stdout", false);
    boolean stderr = req.flag("stderr", false);
    if (!stdout && !stderr) {
      throw new ApiException(400, "Bad parameters: you must choose at least one stream");
    }
    String tail = req.param("tail");
    int lines;
    try {
      lines = ContainerLog.Options.tail(tail);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid value for tail: " + tail);
    }
    boolean tty = c.spec() != null && c.spec().tty();
    boolean follow = req.flag("follow", false);
    ContainerLog.Options options = new ContainerLog.Options(lines, req.flag("timestamps", false),
        unixTime(req.param("since")), unixTime(req.param("until")), false);
    if (follow) {
      res.closing(); // the client's end is watched: a silent container's log holds no thread
    }
    try (ClientWatch watch = follow ? ClientWatch.interruptingThisThread(req) : null;
        OutputStream out = res.stream(200, tty ? RAW : MULTIPLEXED)) {
      Writer o = stdout ? new FrameWriter(out, FrameWriter.STDOUT, tty) : FrameWriter.discard();
      Writer e = stderr ? new FrameWriter(out, FrameWriter.STDERR, tty) : FrameWriter.discard();
      containers.logs(c.id(), options, follow, o, e);
    } catch (UncheckedIOException | IOException | InterruptedException gone) {
      // the client went away mid-stream
    }
  }

  /** The API's {@code since}/{@code until}: Unix seconds (fractions allowed); 0 or none: no bound. */
  private static java.time.Instant unixTime(String value) {
    if (value == null || value.isEmpty() || value.equals("0")) {
      return null;
    }
    try {
      return dev.hoist.internal.service.list.Timestamps.parse(value, java.time.Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  /**
   * {@code POST /containers/{id}/attach?stream=1&stdout=1&stderr=1}: the connection taken over,
   * the container's output from now on (its log followed) until it exits; {@code logs=1} replays
   * the log first. With {@code stdin=1}, what the client sends is the standard input of a
   * container made with {@code -i} ({@code OpenStdin}): attached before the container's first
   * start ({@code docker run -i}), the end of what it sends ends the container's stdin (Docker's
   * {@code StdinOnce}), not otherwise ({@code docker attach}); {@code detachKeys} (default {@code
   * ctrl-p,ctrl-q}) read there end the attachment, the container runs on.
   */
  private void attach(HttpRequest req, HttpResponse res, String reference) throws Exception {
    ContainerState c = containers.require(reference);
    String id = c.id();
    boolean tty = c.spec() != null && c.spec().tty();
    boolean stdout = req.flag("stdout", false);
    boolean stderr = req.flag("stderr", false);
    boolean stream = req.flag("stream", false);
    boolean replay = req.flag("logs", false);
    ContainerStore store = containers.containers().store();
    String startedBefore = c.startedAt();
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean following = new java.util.concurrent.atomic.AtomicBoolean(true);
    DetachKeys keys;
    try {
      keys = DetachKeys.parse(req.param("detachKeys"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    try (AutoCloseable reading = removals.reading(id)) {
      OutputStream out = res.hijack(req.wantsUpgrade(), tty ? RAW : MULTIPLEXED);
      ContainerLog log = new ContainerLog(store.logFile(id));
      // from before stdin goes in: the container's answers to it come after
      long from = replay ? 0 : log.end();
      StdinAttachment stdin = !req.flag("stdin", false) ? null : containers.attachStdin(c,
          req.connection(), c.startedAt() == null, keys, following::get);
      Writer o = stdout ? new FrameWriter(out, FrameWriter.STDOUT, tty) : FrameWriter.discard();
      Writer e = stderr ? new FrameWriter(out, FrameWriter.STDERR, tty) : FrameWriter.discard();
      // until it ran and ended: attached before its (re)start, it waits for that start
      java.util.function.BooleanSupplier running = () -> {
        if (stdin != null && stdin.detached()) {
          return false;
        }
        try {
          return store.read(id).map(s -> {
            if (s.isActive() || s.status() == ContainerState.Status.RESTARTING) {
              ran.set(true);
              return true;
            }
            return !ran.get() && java.util.Objects.equals(s.startedAt(), startedBefore);
          }).orElse(false);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      };
      if (stream) {
        log.copyFrom(from, new ContainerLog.Options(-1, false), o, e, running);
      } else {
        log.copy(new ContainerLog.Options(replay ? -1 : 0, false), o, e, false, running);
      }
      following.set(false);
      if (stdin != null) {
        stdin.close();
      }
      out.flush();
    } catch (UncheckedIOException | IOException gone) {
      // the client went away
    }
  }
}

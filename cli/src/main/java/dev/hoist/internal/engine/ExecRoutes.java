package dev.hoist.internal.engine;

import static dev.hoist.internal.engine.JsonFields.strings;
import static dev.hoist.internal.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.HostProcess;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.TerminalSize;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * exec: {@code POST /containers/{id}/exec} (an instance), {@code POST /exec/{id}/start}
 * (hijacked: stdin from the connection, stdout and stderr as Docker's frames; or detached),
 * {@code GET /exec/{id}/json} (running, exit code), {@code POST /exec/{id}/resize}.
 */
final class ExecRoutes {
  private final ContainerService containers;
  private final Execs execs;

  ExecRoutes(Hoist hoist) {
    this.containers = hoist.containers();
    this.execs = new Execs(containers.containers().store());
  }

  void addTo(Router router) {
    router.add("POST", "/containers/([^/]+)/exec", (req, res, p) -> {
      ContainerState c = containers.require(p.get(0));
      if (!c.isActive()) {
        throw new ApiException(409, "container " + c.id() + " is not running");
      }
      JsonNode body = CanonicalJson.mapper().readTree(req.body());
      if (body == null || !body.path("Cmd").isArray() || body.path("Cmd").isEmpty()) {
        throw new ApiException(400, "No exec command specified");
      }
      ContainerService.ExecRequest request = new ContainerService.ExecRequest(
          strings(body.path("Cmd")), strings(body.path("Env")), text(body, "User"),
          text(body, "WorkingDir"), body.path("Tty").asBoolean(false),
          body.path("Privileged").asBoolean(false));
      Execs.Exec e = execs.add(c.id(), request, body.path("AttachStdin").asBoolean(false),
          body.path("AttachStdout").asBoolean(false), body.path("AttachStderr").asBoolean(false));
      res.json(201, Map.of("Id", e.id));
    });
    router.add("POST", "/exec/([^/]+)/start", (req, res, p) -> start(req, res, find(p.get(0))));
    router.add("POST", "/exec/([^/]+)/resize", (req, res, p) -> resize(req, res,
        find(p.get(0))));
    router.add("GET", "/exec/([^/]+)/json", (req, res, p) -> res.json(200,
        inspect(find(p.get(0)))));
  }

  private Execs.Exec find(String id) throws IOException {
    return execs.find(id).orElseThrow(() -> new ApiException(404, "No such exec instance: "
        + id));
  }

  /**
   * The exec's terminal resized; {@code 409} unless it runs. One started by an earlier service
   * (its process not known here, only its PID) is left as it is.
   */
  private void resize(HttpRequest req, HttpResponse res, Execs.Exec e) throws IOException {
    TerminalSize size = req.terminalSize();
    HostProcess shim = e.shim;
    if (!e.running) {
      throw new ApiException(409, "exec " + e.id + " is not running");
    }
    if (shim != null && e.request.tty()) {
      containers.resizeExec(containers.require(e.containerId), shim, size);
    }
    res.empty(200);
  }

  private void start(HttpRequest req, HttpResponse res, Execs.Exec e) throws Exception {
    JsonNode body = CanonicalJson.mapper().readTree(req.body());
    boolean detach = body != null && body.path("Detach").asBoolean(false);
    synchronized (e) {
      if (e.running || e.exitCode != null) {
        throw new ApiException(409, "exec " + e.id + " has already run");
      }
      e.running = true;
    }
    ContainerState c = containers.require(e.containerId);
    Stdio stdio = detach ? Stdio.detached() : Stdio.pipes();
    ContainerProcess process;
    try {
      process = containers.exec(c, e.request, stdio);
    } catch (RuntimeException | IOException failed) {
      e.running = false;
      e.exitCode = 126;
      execs.save(e);
      throw failed;
    }
    e.pid = process.pid();
    e.shim = HostProcess.of(e.pid).orElse(null);
    execs.save(e);
    if (detach) {
      Thread waiter = new Thread(() -> finish(e, process), "hoist-api-exec-wait");
      waiter.setDaemon(true);
      waiter.start();
      res.empty(200);
      return;
    }
    // with a terminal, its one stream goes raw (as Docker's), else stdout and stderr as frames
    boolean tty = e.request.tty();
    OutputStream out = res.hijack(req.wantsUpgrade(), tty ? "application/vnd.docker.raw-stream"
        : "application/vnd.docker.multiplexed-stream");
    Thread in = copyStdin(e.stdin ? req.connection() : null, process);
    Thread o = copyFrames(process.stdout(), out, tty ? -1 : FrameWriter.STDOUT, e.stdout);
    Thread err = copyFrames(process.stderr(), out, tty ? -1 : FrameWriter.STDERR, e.stderr);
    finish(e, process);
    o.join();
    err.join();
    if (in != null) {
      in.interrupt();
    }
    synchronized (out) {
      out.flush();
    }
  }

  private void finish(Execs.Exec e, ContainerProcess process) {
    try {
      e.exitCode = process.waitFor();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      e.running = false;
      execs.save(e);
    }
  }

  /** Copies the connection's bytes to the process's stdin, closing it at their end. */
  private static Thread copyStdin(InputStream from, ContainerProcess process) {
    Thread t = new Thread(() -> {
      try (OutputStream stdin = process.stdin()) {
        if (from != null) {
          byte[] buffer = new byte[8192];
          int n;
          while ((n = from.read(buffer)) > 0) {
            stdin.write(buffer, 0, n);
            stdin.flush();
          }
        }
      } catch (IOException ignored) {
        // the process or the client is gone
      }
    }, "hoist-api-exec-stdin");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Copies one of the process's streams into frames on {@code out} (or drops it); {@code stream}
   * -1: as it comes, no frames (a terminal's).
   */
  private static Thread copyFrames(InputStream from, OutputStream out, int stream,
      boolean wanted) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (from) {
        int n;
        while ((n = from.read(buffer)) > 0) {
          if (wanted && stream < 0) {
            synchronized (out) {
              out.write(buffer, 0, n);
              out.flush();
            }
          } else if (wanted) {
            FrameWriter.frame(out, stream, buffer, n);
          }
        }
      } catch (IOException ignored) {
        // the client is gone: the process's output is drained no further
      }
    }, "hoist-api-exec-out");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Map<String, Object> inspect(Execs.Exec e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", e.id);
    m.put("Running", e.running);
    m.put("ExitCode", e.exitCode);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("tty", e.request.tty());
    config.put("entrypoint", e.request.argv().get(0));
    config.put("arguments", e.request.argv().subList(1, e.request.argv().size()));
    config.put("privileged", e.request.privileged());
    config.put("user", e.request.user() == null ? "" : e.request.user());
    m.put("ProcessConfig", config);
    m.put("OpenStdin", e.stdin);
    m.put("OpenStderr", e.stderr);
    m.put("OpenStdout", e.stdout);
    m.put("CanRemove", false);
    m.put("ContainerID", e.containerId);
    m.put("DetachKeys", "");
    m.put("Pid", e.pid);
    return m;
  }
}

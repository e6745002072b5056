package dev.hoist.internal.build;

import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.Runtime;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.UserResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one RUN step in a container on the current snapshots: the command through the stage's
 * SHELL (or exec form, or a heredoc script as BuildKit runs them), with the stage's environment
 * and user, mounts set up by the caller. Afterwards the mount points the container had to create
 * (files and directories that are empty and exist in no lower layer) are removed from the upper
 * directory, so only what the command wrote is left for the layer.
 */
final class RunStep {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
  private static final int TAIL_LINES = 20;

  /** The argv of a RUN as BuildKit builds it, plus a script file to mount for shebang heredocs. */
  record Command(List<String> argv, Heredoc script) {}

  static Command command(Run run, List<String> shell) {
    List<String> sh = shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
    List<String> args = run.command().args();
    if (!run.command().prependShell()) {
      return new Command(args, null);
    }
    String line = String.join(" ", args);
    if (run.heredocs().isEmpty()) {
      return new Command(concat(sh, line), null);
    }
    if (run.heredocs().size() == 1 && isOnlyHeredoc(line, run.heredocs().get(0))) {
      Heredoc h = run.heredocs().get(0);
      if (h.content().startsWith("#!")) {
        return new Command(List.of("/dev/pipes/" + h.name()), h);
      }
      return new Command(concat(sh, h.content()), null);
    }
    StringBuilder full = new StringBuilder(line);
    for (Heredoc h : run.heredocs()) {
      full.append('\n').append(h.content()).append(h.name());
    }
    return new Command(concat(sh, full.toString()), null);
  }

  private static boolean isOnlyHeredoc(String line, Heredoc h) {
    String word = line.strip();
    if (!word.startsWith("<<")) {
      return false;
    }
    word = word.substring(2);
    if (word.startsWith("-")) {
      word = word.substring(1);
    }
    word = word.replace("\"", "").replace("'", "");
    return word.equals(h.name());
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  /**
   * How a RUN ended: the exit status, the last lines of output, and the runtime's error when it
   * could not set the container up (the command never ran).
   */
  record Result(int exitCode, List<String> tail, Optional<String> startError) {}

  /** Runs the container to its end, streaming each output line to {@code output}. */
  static Result execute(Runtime runtime, ContainerSpec spec, Consumer<String> output)
      throws IOException, InterruptedException {
    ContainerProcess p = runtime.start(spec, Stdio.pipes());
    // a build stopped by Ctrl-C or SIGTERM takes its running step's container with it: killing
    // the shim kills the container's init (parent-death signal), and the kernel the rest
    long pid = p.pid();
    Thread kill = new Thread(() -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly),
        "run-step-kill");
    java.lang.Runtime.getRuntime().addShutdownHook(kill);
    try {
      p.stdin().close();
      Deque<String> tail = new ArrayDeque<>();
      Thread out = pump(p.stdout(), output, tail);
      Thread err = pump(p.stderr(), output, tail);
      int code = p.waitFor();
      out.join();
      err.join();
      synchronized (tail) {
        return new Result(code, List.copyOf(tail), p.startError());
      }
    } finally {
      try {
        java.lang.Runtime.getRuntime().removeShutdownHook(kill);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down: the hook runs
      }
    }
  }

  private static Thread pump(InputStream in, Consumer<String> output, Deque<String> tail) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.accept(line);
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException ignored) {
        // the container is gone; its exit status tells the rest
      }
    }, "run-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The user a RUN runs as, from the image's passwd and group files. */
  static UserResolver.User user(List<Path> lowers, String spec) throws IOException {
    try {
      return new UserResolver(lowers).resolve(spec);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("unable to find")) {
        throw new BuildException(e.getMessage());
      }
      throw e;
    }
  }

  /**
   * A RUN step's network: {@code RUN --network=} as written, else the build's; the host's only
   * when the build was allowed {@code network.host}, as BuildKit's entitlement.
   */
  static NetworkMode network(String written, BuildRequest request) {
    if (written == null || written.equals("default")) {
      return request.network();
    }
    return switch (written) {
      case "none" -> NetworkMode.NONE;
      case "host" -> {
        if (!request.allowed().contains(Entitlement.NETWORK_HOST)) {
          throw new BuildException(
              BuildRequest.NETWORK_HOST_REFUSED.formatted("RUN --network=host"));
        }
        yield NetworkMode.HOST;
      }
      default -> throw new BuildException("RUN --network=" + written
          + ": expected default, none or host");
    };
  }

  /**
   * Removes the mount points a container created: each path (relative to the root) that exists
   * in the upper directory, in no lower directory, and is an empty file or directory; then its
   * parents on the same terms.
   */
  static void removeMountStubs(Path upper, List<Path> lowers, List<String> targets)
      throws IOException {
    for (String target : targets) {
      String rel = SourceTree.clean(target);
      while (!rel.isEmpty()) {
        Path p = upper.resolve(rel);
        if (!parentsAreDirectories(upper, rel) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)
            || inLower(lowers, rel) || !empty(p)) {
          break;
        }
        Files.delete(p);
        int slash = rel.lastIndexOf('/');
        rel = slash < 0 ? "" : rel.substring(0, slash);
      }
    }
  }

  /**
   * Whether every parent of {@code rel} in {@code upper} is a real directory: the step may have
   * left a symlink there (to {@code /}), which the host would follow out of the upper directory.
   */
  private static boolean parentsAreDirectories(Path upper, String rel) {
    Path p = upper;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      p = p.resolve(parts[i]);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inLower(List<Path> lowers, String rel) {
    for (Path lower : lowers) {
      if (Files.exists(lower.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  private static boolean empty(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
        return !s.iterator().hasNext();
      }
    }
    return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0;
  }
}

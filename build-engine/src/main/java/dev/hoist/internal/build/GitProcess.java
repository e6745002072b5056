package dev.hoist.internal.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs {@code git} in one directory with a clean, non-interactive environment: no system or
 * user configuration ({@code HOME} is a directory of the build's own), no terminal prompts, ssh
 * in batch mode, and only the network transports (git, http(s), ssh) allowed, so neither a
 * local path nor an {@code ext::} command can be reached, not even through a redirect or a
 * submodule. Proxy variables and {@code SSH_AUTH_SOCK} are passed on. Each line git writes to
 * stderr goes to a sink as it comes.
 */
final class GitProcess {
  /** What one git command did: its exit code, stdout, and its error (one line, or empty). */
  record Result(int exitCode, String stdout, String error) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private static final List<String> PASSED_ON = List.of("PATH", "http_proxy", "https_proxy",
      "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
      "SSH_AUTH_SOCK");

  private final Path dir;
  private final Path home;
  private final Consumer<String> stderr;
  private final UnaryOperator<String> redact;

  /**
   * {@code dir}: where git runs; {@code home}: an empty directory used as {@code HOME};
   * {@code stderr}: gets every stderr line after {@code redact} (which removes credentials).
   */
  GitProcess(Path dir, Path home, Consumer<String> stderr, UnaryOperator<String> redact) {
    this.dir = dir;
    this.home = home;
    this.stderr = stderr;
    this.redact = redact;
  }

  /** Runs {@code git ARGS…}; a git that is not installed is a {@link BuildException}. */
  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "advice.detachedHead=false",
        "-c", "init.defaultBranch=main", "-c", "core.symlinks=true", "-c", "core.autocrlf=false",
        "-c", "credential.helper="));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    Map<String, String> parent = Map.copyOf(env);
    env.clear();
    for (String name : PASSED_ON) {
      if (parent.containsKey(name)) {
        env.put(name, parent.get(name));
      }
    }
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("LC_ALL", "C");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_ALLOW_PROTOCOL", "git:http:https:ssh");
    env.put("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new BuildException("ADD from a git repository needs git, which could not be run: "
          + e.getMessage());
    }
    p.getOutputStream().close();
    List<String> errors = new ArrayList<>();
    Thread reader = new Thread(() -> readLines(p.getErrorStream(), errors), "git-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      reader.join();
      return new Result(code, out.strip(), errorLine(errors));
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly(); // interrupted: the build stops, so does git
      }
    }
  }

  private void readLines(InputStream in, List<String> errors) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        // progress lines end in \r; only finished lines are shown
        String shown = redact.apply(line.substring(line.lastIndexOf('\r') + 1)).strip();
        if (shown.isEmpty()) {
          continue;
        }
        stderr.accept(shown);
        synchronized (errors) {
          errors.add(shown);
        }
      }
    } catch (IOException e) {
      // the process ended: nothing more to read
    }
  }

  /** git's error as one line: from its last {@code fatal:}/{@code error:} line to the end. */
  static String errorLine(List<String> lines) {
    synchronized (lines) {
      int from = -1;
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.startsWith("fatal:") || l.startsWith("error:")) {
          from = i;
        }
      }
      if (from < 0) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      }
      return String.join(" ", lines.subList(from, lines.size()));
    }
  }
}

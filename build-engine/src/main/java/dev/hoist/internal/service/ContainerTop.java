package dev.hoist.internal.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code docker top}: the host's {@code ps} run with the given options ({@code -ef} unless
 * any), its rows kept for the container's processes (the PIDs in its cgroups), split as
 * Docker splits them (the title's columns, the last one taking the rest of the line; a thread
 * row {@code -} follows its process), as the Engine API's {@code ContainerTopResponse}.
 */
final class ContainerTop {
  /** The default options, Docker's. */
  static final List<String> DEFAULT_ARGS = List.of("-ef");

  private ContainerTop() {}

  /** The rows of {@code ps psArgs} for the processes {@code pids}. */
  static ContainerService.Top of(Set<Long> pids, List<String> psArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of("ps"));
    command.addAll(psArgs.isEmpty() ? DEFAULT_ARGS : psArgs);
    Process ps;
    try {
      ps = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("top needs the host's ps (apt-get install procps): "
          + e.getMessage(), e);
    }
    String output;
    try (InputStream in = ps.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int status;
    try {
      status = ps.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ps ran", e);
    }
    if (status != 0) {
      throw new IllegalArgumentException("ps: " + output.strip());
    }
    return parse(output, pids);
  }

  /** As moby's {@code parsePSOutput}. */
  static ContainerService.Top parse(String output, Set<Long> pids) {
    String[] lines = output.split("\n");
    List<String> titles = lines.length == 0 ? List.of()
        : Arrays.asList(lines[0].trim().split("\\s+"));
    int pidIndex = titles.indexOf("PID");
    if (pidIndex < 0) {
      throw new IllegalArgumentException("Couldn't find PID field in ps output");
    }
    List<List<String>> processes = new ArrayList<>();
    boolean previousKept = false;
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] fields = lines[i].trim().split("\\s+");
      if (fields.length <= pidIndex) {
        continue;
      }
      if (fields[pidIndex].equals("-")) {
        if (previousKept) {
          processes.add(row(fields, titles.size()));
        }
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(fields[pidIndex]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Unexpected pid '" + fields[pidIndex] + "'");
      }
      previousKept = pids.contains(pid);
      if (previousKept) {
        processes.add(row(fields, titles.size()));
      }
    }
    return new ContainerService.Top(titles, processes);
  }

  private static List<String> row(String[] fields, int columns) {
    if (fields.length < columns) {
      return List.of(fields);
    }
    List<String> row = new ArrayList<>(Arrays.asList(fields).subList(0, columns - 1));
    row.add(String.join(" ", Arrays.asList(fields).subList(columns - 1, fields.length)));
    return row;
  }
}

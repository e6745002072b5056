package dev.hoist.internal.engine;

import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.runtime.Trace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build told as Docker's classic builder tells it ({@code DOCKER_BUILDKIT=0 docker build}):
 * {@code {"stream": …}} messages, {@code Step N/M : INSTRUCTION}, {@code  ---> Using cache} for
 * a cached step, {@code  ---> Running in ID} before a step's output and its output's lines;
 * nothing at all when quiet ({@code q}). hoist keeps no container or image per step: the
 * {@code Running in} ID is the first 12 hex digits of the SHA-256 of the step's label, stable
 * for one step, naming nothing in the store. Steps are numbered within their stage. A
 * multi-platform build's platforms run at once: each line of a step then begins with its stage as
 * the build names it ({@code [linux/arm64 stage-0] Step 2/3 : RUN …}), or their lines could not be
 * told apart.
 */
final class BuildMessages implements BuildProgress {
  private final JsonStream stream;
  private final boolean quiet;
  private final boolean stageNamed;
  private final Set<Step> running = ConcurrentHashMap.newKeySet();

  /** {@code stageNamed}: each step's line begins with its stage (a multi-platform build). */
  BuildMessages(JsonStream stream, boolean quiet, boolean stageNamed) {
    this.stream = stream;
    this.quiet = quiet;
    this.stageNamed = stageNamed;
  }

  @Override
  public void started(Step step) {
    Trace.mark("build: started " + step.label());
    say(step, "Step " + step.number() + "/" + step.count() + " : " + step.text() + "\n");
  }

  @Override
  public void output(Step step, String line) {
    runningIn(step);
    say(step, line.endsWith("\n") ? line : line + "\n");
  }

  @Override
  public void finished(Step step, Outcome outcome) {
    Trace.mark("build: finished " + step.label());
    if (outcome.cached()) {
      say(step, " ---> Using cache\n");
    } else if (step.text().startsWith("RUN")) {
      runningIn(step); // a RUN without output
    }
    running.remove(step);
  }

  /** {@code  ---> Running in ID} once, before the step's first line. */
  private void runningIn(Step step) {
    if (running.add(step)) {
      say(step, " ---> Running in " + shortKey(step.label()) + "\n");
    }
  }

  @Override
  public void warning(String message) {
    say("[WARNING]: " + message + "\n");
  }

  @Override
  public void note(String line) {
    say(line + "\n");
  }

  /** The end: the image's ID and tags, and the {@code aux} message the docker CLI reads. */
  void built(String imageId, Iterable<String> tags) {
    String hex = imageId.substring(imageId.indexOf(':') + 1);
    if (quiet) {
      stream.send(Map.of("stream", imageId + "\n"));
    } else {
      say(" ---> " + hex.substring(0, 12) + "\n");
    }
    stream.send(Map.of("aux", Map.of("ID", imageId)));
    say("Successfully built " + hex.substring(0, 12) + "\n");
    for (String tag : tags) {
      boolean tagged = tag.contains("@") || tag.substring(tag.lastIndexOf('/') + 1).contains(":");
      say("Successfully tagged " + (tagged ? tag : tag + ":latest") + "\n");
    }
  }

  private void say(Step step, String text) {
    say(stageNamed ? "[" + step.stage() + "] " + text : text);
  }

  private void say(String text) {
    if (!quiet) {
      stream.send(Map.of("stream", text));
    }
  }

  private static String shortKey(String label) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(label.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.hoist.internal.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build cache under {@code $HOIST_HOME/cache}: what each step produced, by cache key
 * ({@code steps/<key>.json}: its layer, or none when it changed nothing, and when it ran), and
 * for {@code --explain} the inputs the last build of each step saw ({@code inputs/<shape>.json},
 * the shape being the parent's key and the instruction as written), so a miss can say which
 * build arg, source file or earlier step changed, ({@code parents/<hash>}) which keys a step
 * was built on, so a miss on a parent nothing was built on says it is a first build, and
 * ({@code results/<shape>}) what the last build of each step produced, so a step that re-ran
 * can say it produced the same. Every file is written atomically (temporary
 * file, fsync, rename): concurrent builds that finish the same step simply replace each other's
 * identical answer, and a crash never leaves half an entry.
 */
final class StepCache {
  /** What a step produced: a layer (null when the step changed no file) and when it ran. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(Descriptor layer, String diffId, String created) {}

  private final Path steps;
  private final Path inputs;
  private final Path parents;
  private final Path results;
  /** The parent markers this build wrote. */
  private final Set<Path> markedNow = ConcurrentHashMap.newKeySet();

  StepCache(HoistHome home) {
    this.steps = home.buildCache().resolve("steps");
    this.inputs = home.buildCache().resolve("inputs");
    this.parents = home.buildCache().resolve("parents");
    this.results = home.buildCache().resolve("results");
  }

  /** The shape of a step: what stays the same when only its inputs change. */
  static String shape(String parentKey, String written) {
    return Digest.sha256(("hoist-shape-v1\n" + parentKey + "\n" + written)
        .getBytes(StandardCharsets.UTF_8)).hex();
  }

  /** The entry of {@code key}; a hit marks it used now (for {@code builder prune --filter}). */
  Optional<Entry> lookup(String key) throws IOException {
    Path file = steps.resolve(key + ".json");
    try {
      Entry entry = CanonicalJson.read(Files.readAllBytes(file), Entry.class,
          "build cache entry " + key);
      BuildCache.touch(file);
      return Optional.of(entry);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // unreadable: treated as a miss, replaced when the step runs
    }
  }

  void store(String key, Entry entry) throws IOException {
    Files.createDirectories(steps);
    AtomicFiles.write(steps.resolve(key + ".json"), CanonicalJson.write(entry));
  }

  /**
   * Remembers what this build of the step saw (unchanged inputs are not written again), and
   * that a step was built on {@code parentKey} ({@code parents/<hash>}, an empty file).
   */
  void recordInputs(String shape, String parentKey, CacheInputs in) throws IOException {
    Path parent = parentMarker(parentKey);
    if (!Files.exists(parent)) {
      Files.createDirectories(parent.getParent());
      AtomicFiles.write(parent, new byte[0]);
      markedNow.add(parent);
    }
    byte[] json = CanonicalJson.write(in);
    Path file = inputs.resolve(shape + ".json");
    try {
      if (Arrays.equals(Files.readAllBytes(file), json)) {
        return;
      }
    } catch (NoSuchFileException e) {
      Files.createDirectories(inputs);
    }
    AtomicFiles.write(file, json);
  }

  /**
   * Whether any step was built on {@code parentKey} (the base's key or a step's) before this
   * build: a second stage on the same base is still a first build.
   */
  boolean builtOn(String parentKey) {
    Path marker = parentMarker(parentKey);
    return !markedNow.contains(marker) && Files.exists(marker);
  }

  private Path parentMarker(String parentKey) {
    return parents.resolve(Digest.sha256(parentKey.getBytes(StandardCharsets.UTF_8)).hex());
  }

  /**
   * Remembers what the last build of the step produced ({@code results/<shape>}: the
   * {@link ParentKey} of the image after it), so a step that runs again can tell whether it
   * produced the same.
   */
  void recordResult(String shape, String resultKey) throws IOException {
    Path file = results.resolve(shape);
    byte[] bytes = resultKey.getBytes(StandardCharsets.US_ASCII);
    try {
      if (Arrays.equals(Files.readAllBytes(file), bytes)) {
        return;
      }
    } catch (NoSuchFileException e) {
      Files.createDirectories(results);
    }
    AtomicFiles.write(file, bytes);
  }

  /** What the last build of the step produced (see {@link #recordResult}). */
  Optional<String> previousResult(String shape) throws IOException {
    try {
      return Optional.of(Files.readString(results.resolve(shape), StandardCharsets.US_ASCII));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  Optional<CacheInputs> previousInputs(String shape) throws IOException {
    try {
      return Optional.of(CanonicalJson.read(
          Files.readAllBytes(inputs.resolve(shape + ".json")), CacheInputs.class,
          "build inputs"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why {@code now} differs from what the last build of the same step saw. */
  static String difference(CacheInputs before, CacheInputs now) {
    List<String> reasons = new ArrayList<>();
    if (!before.instruction().equals(now.instruction())) {
      reasons.add("instruction changed after expansion");
    } else if (!before.options().equals(now.options())) {
      // the same instruction (its --mount specs): the build's --add-host, --ulimit, --shm-size
      reasons.add("RUN options changed (" + onlyIn(before.options(), now.options()) + " -> "
          + onlyIn(now.options(), before.options()) + ")");
    }
    if (!Objects.equals(before.network(), now.network())) {
      reasons.add("network changed (" + shown(before.network()) + " -> "
          + shown(now.network()) + ")");
    }
    for (String name : union(before.args(), now.args())) {
      String a = before.args().get(name);
      String b = now.args().get(name);
      if (!Objects.equals(a, b)) {
        reasons.add("build arg " + name + " changed (" + shown(a) + " -> " + shown(b) + ")");
      }
    }
    fetched(reasons, "URL ", "content of ", before.urls(), now.urls());
    fetched(reasons, "git ", "commit of ", before.gitCommits(), now.gitCommits());
    for (String name : union(before.images(), now.images())) {
      if (!Objects.equals(before.images().get(name), now.images().get(name))) {
        reasons.add("stage or image " + name + " changed");
      }
    }
    List<String> files = new ArrayList<>();
    fileChanges(files, before.files(), now.files());
    fileChanges(files, before.mountFiles(), now.mountFiles());
    if (!files.isEmpty()) {
      int shown = Math.min(files.size(), 3);
      reasons.add("file " + String.join(", ", files.subList(0, shown))
          + (files.size() > shown ? " and " + (files.size() - shown) + " more" : ""));
    }
    return reasons.isEmpty() ? "same inputs as before, but its result is gone from the cache"
        : String.join("; ", reasons);
  }

  /** A fetched source whose content digest (URL) or resolved commit (git) changed. */
  private static void fetched(List<String> reasons, String kind, String what,
      Map<String, String> before, Map<String, String> now) {
    for (String source : union(before, now)) {
      String a = before.get(source);
      String b = now.get(source);
      if (a != null && b != null && !a.equals(b)) {
        reasons.add(what + kind + source + " changed (" + brief(a) + " -> " + brief(b) + ")");
      } else if (!Objects.equals(a, b)) {
        reasons.add(kind + source + (a == null ? " added" : " removed"));
      }
    }
  }

  private static void fileChanges(List<String> out, Map<String, String> before,
      Map<String, String> now) {
    for (String path : union(before, now)) {
      String a = before.get(path);
      String b = now.get(path);
      if (a == null) {
        out.add(path + " added");
      } else if (b == null) {
        out.add(path + " removed");
      } else if (!a.equals(b)) {
        out.add(path + " changed");
      }
    }
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  /**
   * A fetched source's fingerprint shortened for a message: {@code sha256:} and 12 digits of a
   * digest, 12 digits of a commit.
   */
  private static String brief(String fingerprint) {
    int keep = fingerprint.indexOf(':') + 1 + 12;
    return fingerprint.length() > keep ? fingerprint.substring(0, keep) : fingerprint;
  }

  /**
   * Why a step hit: "same instruction", and what else it read that was the same (context files,
   * URL contents, git commits, build args) as {@code which} build ("a previous build", or the
   * concurrent build this one waited for).
   */
  static String hitReason(CacheInputs in, String which) {
    long sourceFiles = in.files().size() + in.mountFiles().size();
    long urls = in.urls().size();
    long gits = in.gitCommits().size();
    return "same instruction"
        + (sourceFiles == 0 ? "" : ", same " + plural(sourceFiles, "source file", "source files"))
        + (urls == 0 ? "" : ", same content of " + plural(urls, "URL", "URLs"))
        + (gits == 0 ? "" : ", same commit of " + plural(gits, "git repository",
            "git repositories"))
        + (in.args().isEmpty() ? "" : ", same build args") + " as " + which;
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** The entries of {@code a} that {@code b} lacks, or {@code none}. */
  private static String onlyIn(List<String> a, List<String> b) {
    List<String> only = new ArrayList<>(a);
    only.removeAll(b);
    return only.isEmpty() ? "none" : String.join(" ", only);
  }

  private static String shown(String value) {
    return value == null ? "unset" : "\"" + value + "\"";
  }
}

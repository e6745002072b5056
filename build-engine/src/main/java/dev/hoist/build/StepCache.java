package dev.hoist.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.cache.model.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.store.AtomicFiles;
import dev.hoist.cache.store.HoistHome;
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
 * build arg, source file or earlier step changed, and ({@code parents/<hash>}) which keys a step
 * was built on, so a miss on a parent nothing was built on says it is a first build. Every file is written atomically (temporary
 * file, fsync, rename): concurrent builds that finish the same step simply replace each other's
 * identical answer, and a crash never leaves half an entry.
 */
final class StepCache {
  /** What a step produced: a layer (null when the step changed no file) and when it ran. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(Descriptor layer, String diffId, String created) {}

  /**
   * What a step read: the instruction after expansion, the build args in its scope and the
   * content hash of each file it read (secrets never appear here in clear).
   */
  record Inputs(String instruction, Map<String, String> args, Map<String, String> files) {
    Inputs {
      args = new TreeMap<>(args);
      files = new TreeMap<>(files);
    }
  }

  private final Path steps;
  private final Path inputs;
  private final Path parents;
  /** The parent markers this build wrote. */
  private final Set<Path> markedNow = ConcurrentHashMap.newKeySet();

  StepCache(HoistHome home) {
    this.steps = home.buildCache().resolve("steps");
    this.inputs = home.buildCache().resolve("inputs");
    this.parents = home.buildCache().resolve("parents");
  }

  /** The key of a step: a hash of its parent's key and everything it depends on. */
  static String key(String parentKey, String instruction, Inputs in) {
    StringBuilder text = new StringBuilder("hoist-step-v1\n").append(parentKey).append('\n')
        .append(instruction.length()).append(':').append(instruction).append('\n');
    in.args().forEach((k, v) -> text.append("arg ").append(k.length()).append(':').append(k)
        .append('=').append(v.length()).append(':').append(v).append('\n'));
    in.files().forEach((k, v) -> text.append("file ").append(k.length()).append(':').append(k)
        .append('=').append(v).append('\n'));
    return Digest.sha256(text.toString().getBytes(StandardCharsets.UTF_8)).hex();
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
  void recordInputs(String shape, String parentKey, Inputs in) throws IOException {
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

  Optional<Inputs> previousInputs(String shape) throws IOException {
    try {
      return Optional.of(CanonicalJson.read(
          Files.readAllBytes(inputs.resolve(shape + ".json")), Inputs.class, "build inputs"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why {@code now} differs from what the last build of the same step saw. */
  static String difference(Inputs before, Inputs now) {
    List<String> reasons = new ArrayList<>();
    if (!before.instruction().equals(now.instruction())) {
      reasons.add("instruction changed after expansion");
    }
    for (String name : new TreeSet<>(union(before.args(), now.args()))) {
      String a = before.args().get(name);
      String b = now.args().get(name);
      if (!Objects.equals(a, b)) {
        reasons.add("build arg " + name + " changed (" + shown(a) + " -> " + shown(b) + ")");
      }
    }
    List<String> files = new ArrayList<>();
    for (String path : new TreeSet<>(union(before.files(), now.files()))) {
      String a = before.files().get(path);
      String b = now.files().get(path);
      boolean url = path.startsWith(CopyStep.URL_KEY);
      if (url || path.startsWith(CopyStep.GIT_KEY)) {
        // a fetched source: its content digest (URL) or resolved commit (git) changed
        String name = (url ? "URL " + path.substring(CopyStep.URL_KEY.length())
            : "git " + path.substring(CopyStep.GIT_KEY.length()));
        if (a != null && b != null && !a.equals(b)) {
          reasons.add((url ? "content of " : "commit of ") + name + " changed (" + brief(a)
              + " -> " + brief(b) + ")");
        } else if (!Objects.equals(a, b)) {
          reasons.add(name + (a == null ? " added" : " removed"));
        }
      } else if (path.startsWith("<") && path.endsWith(">")) {
        if (!Objects.equals(a, b)) {
          reasons.add("stage or image " + path.substring(1, path.length() - 1) + " changed");
        }
      } else if (a == null) {
        files.add(path + " added");
      } else if (b == null) {
        files.add(path + " removed");
      } else if (!a.equals(b)) {
        files.add(path + " changed");
      }
    }
    if (!files.isEmpty()) {
      int shown = Math.min(files.size(), 3);
      reasons.add("file " + String.join(", ", files.subList(0, shown))
          + (files.size() > shown ? " and " + (files.size() - shown) + " more" : ""));
    }
    return reasons.isEmpty() ? "same inputs as before, but its result is gone from the cache"
        : String.join("; ", reasons);
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    java.util.Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  /**
   * A fetched source's fingerprint shortened for a message: {@code sha256:} and 12 digits of a
   * digest, 12 digits of a commit ({@code commit SHA}).
   */
  private static String brief(String fingerprint) {
    String value = fingerprint.startsWith(CopyStep.GIT_COMMIT)
        ? fingerprint.substring(CopyStep.GIT_COMMIT.length()) : fingerprint;
    int keep = value.indexOf(':') + 1 + 12;
    return value.length() > keep ? value.substring(0, keep) : value;
  }

  /**
   * Why a step hit: "same instruction", and what else it read that was the same (context files,
   * URL contents, git commits, build args).
   */
  static String hitReason(Inputs in) {
    long urls = in.files().keySet().stream().filter(k -> k.startsWith(CopyStep.URL_KEY)).count();
    long gits = in.files().keySet().stream().filter(k -> k.startsWith(CopyStep.GIT_KEY)).count();
    long sourceFiles = in.files().size() - urls - gits;
    return "same instruction"
        + (sourceFiles == 0 ? "" : ", same " + plural(sourceFiles, "source file", "source files"))
        + (urls == 0 ? "" : ", same content of " + plural(urls, "URL", "URLs"))
        + (gits == 0 ? "" : ", same commit of " + plural(gits, "git repository",
            "git repositories"))
        + (in.args().isEmpty() ? "" : ", same build args") + " as a previous build";
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String shown(String value) {
    return value == null ? "unset" : "\"" + value + "\"";
  }
}

package dev.hoist.internal.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.cache.model.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one step reads besides the image below it, each kind in a field of its own (secrets never
 * appear here in clear):
 *
 * @param instruction the instruction after expansion, as its history shows it
 * @param args the build args the step depends on, by name (a RUN: every one in scope)
 * @param files the content hash of each build-context file it copies, by path
 * @param urls the content digest of each URL it downloads, by URL
 * @param gitCommits the commit each git source resolved to, by source
 * @param mountFiles the content hash of each context file a {@code RUN --mount=type=bind} shows
 * @param images the key of each stage or image it reads files from ({@code --from}), by name
 * @param options what else shapes its result that the history text does not show, in order
 *     ({@code --mount=} specs, {@code --keep-git-dir=true})
 * @param network the network a RUN runs on ({@code none}, {@code bridge}, {@code host}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CacheInputs(String instruction, Map<String, String> args, Map<String, String> files,
    Map<String, String> urls, Map<String, String> gitCommits, Map<String, String> mountFiles,
    Map<String, String> images, List<String> options, String network) {

  /** The version of {@link #key}'s encoding: a new one never meets an old key. */
  static final String KEY_VERSION = "hoist-step-v2";

  CacheInputs {
    args = sorted(args);
    files = sorted(files);
    urls = sorted(urls);
    gitCommits = sorted(gitCommits);
    mountFiles = sorted(mountFiles);
    images = sorted(images);
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** A step that reads only its instruction and some build args (config steps, WORKDIR). */
  static CacheInputs of(String instruction, Map<String, String> args) {
    return new CacheInputs(instruction, args, null, null, null, null, null, null, null);
  }

  CacheInputs withFiles(Map<String, String> files) {
    return new CacheInputs(instruction, args, files, urls, gitCommits, mountFiles, images,
        options, network);
  }

  /**
   * The key of a step with these inputs on {@code parent} (the key of what the step reads below
   * it): a hash of a versioned encoding in which every value is length-prefixed and every field
   * is named once with its number of entries, so no two sets of inputs encode alike.
   */
  String key(String parent) {
    StringBuilder text = new StringBuilder(KEY_VERSION).append('\n');
    field(text, "parent", parent);
    field(text, "instruction", instruction);
    map(text, "args", args);
    map(text, "files", files);
    map(text, "urls", urls);
    map(text, "git-commits", gitCommits);
    map(text, "mount-files", mountFiles);
    map(text, "images", images);
    text.append("options ").append(options.size()).append('\n');
    options.forEach(o -> value(text, o).append('\n'));
    field(text, "network", network == null ? "" : network);
    return Digest.sha256(text.toString().getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static void field(StringBuilder text, String name, String value) {
    value(text.append(name).append(' '), value).append('\n');
  }

  private static void map(StringBuilder text, String name, Map<String, String> entries) {
    text.append(name).append(' ').append(entries.size()).append('\n');
    entries.forEach((k, v) -> value(value(text, k).append('='), v).append('\n'));
  }

  private static StringBuilder value(StringBuilder text, String value) {
    return text.append(value.length()).append(':').append(value);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }
}

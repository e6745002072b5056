package dev.hoist.cli;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.TmpfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Work a fresh JVM does slowly the first time, started on a daemon thread of the second core
 * while picocli builds its model and parses the command line, and only the work the command
 * will do itself ({@link Work}):
 * <ul>
 *   <li>for the commands that read or write the store, Jackson's first use (the mapper, then a
 *       deserializer built by reflection per model type, which costs a quick command about as
 *       much as picocli's start): a tiny index and manifest read ({@code images -q} stops
 *       there), a config read ({@code images} stops there), a config and a manifest written canonically (as a build commits its
 *       image), and a container state;
 *   <li>for the commands that move blobs, SHA-256: it runs at about 1.3 GB/s once C2 has
 *       compiled it (with the CPU's SHA instructions) and ten times slower before, so 2 MiB of
 *       zeros are hashed while the manifest is fetched (a pull of 300 MB: ~0.03 s less, 12
 *       runs each, twice).
 * </ul>
 * Commands not named here (version, tag, dockerfile, …) start no thread: warming what they do
 * not use would only take CPU from them. (A small Dockerfile parsed on this thread for
 * {@code build}, ANTLR's first parse, made no difference to a cached build's first line: 388
 * against 391 ms, 15 interleaved runs each, load ~2; so it is not done.)
 */
final class WarmUp {
  /** What a command will do that is slow the first time in a JVM, in the order it is warmed. */
  enum Work { LISTING, CONFIGS, IMAGE_WRITES, CONTAINERS, HASHING }

  private static final Set<Work> IMAGES_AND_CONTAINERS =
      EnumSet.of(Work.LISTING, Work.CONFIGS, Work.IMAGE_WRITES, Work.CONTAINERS);
  private static final Map<String, Set<Work>> COMMANDS = Map.ofEntries(
      Map.entry("images", EnumSet.of(Work.LISTING, Work.CONFIGS)), // -q: no config (workOf)
      Map.entry("build", EnumSet.of(Work.LISTING, Work.CONFIGS, Work.IMAGE_WRITES)),
      Map.entry("run", IMAGES_AND_CONTAINERS), Map.entry("create", IMAGES_AND_CONTAINERS),
      Map.entry("start", IMAGES_AND_CONTAINERS), Map.entry("ps", IMAGES_AND_CONTAINERS),
      Map.entry("inspect", IMAGES_AND_CONTAINERS), Map.entry("stop", IMAGES_AND_CONTAINERS),
      Map.entry("kill", IMAGES_AND_CONTAINERS), Map.entry("rm", IMAGES_AND_CONTAINERS),
      Map.entry("logs", IMAGES_AND_CONTAINERS), Map.entry("exec", IMAGES_AND_CONTAINERS),
      Map.entry("pull", EnumSet.of(Work.HASHING)), Map.entry("push", EnumSet.of(Work.HASHING)),
      Map.entry("copy", EnumSet.of(Work.HASHING)), Map.entry("load", EnumSet.of(Work.HASHING)),
      Map.entry("save", EnumSet.of(Work.HASHING)));
  private static final int DIGEST_ROUNDS = 64; // of 32 KiB: C2 has compiled the loop by then
  private static final String DIGEST =
      "sha256:0000000000000000000000000000000000000000000000000000000000000000";
  private static final String DESCRIPTOR = "{\"mediaType\":\"a\",\"digest\":\"" + DIGEST
      + "\",\"size\":1}";

  private WarmUp() {}

  /**
   * The work the command named {@code command} will do with these arguments that is warmed for
   * it (empty: no thread).
   */
  static Set<Work> workOf(String command, List<String> args) {
    Set<Work> work = COMMANDS.getOrDefault(command, Set.of());
    if (command.equals("images") && (args.contains("-q") || args.contains("--quiet"))) {
      return EnumSet.of(Work.LISTING); // the IDs are in the manifests
    }
    return work;
  }

  static void startFor(String command, List<String> args) {
    Set<Work> work = workOf(command, args);
    if (work.isEmpty() || Runtime.getRuntime().availableProcessors() < 2) {
      return;
    }
    Thread warm = new Thread(() -> warm(work), "warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  private static void warm(Set<Work> work) {
    try {
      if (work.contains(Work.HASHING)) {
        hashing();
      }
      if (work.contains(Work.IMAGE_WRITES)) {
        Digest.sha256(new byte[0]); // the security providers' start-up, which every key needs
      }
      if (work.contains(Work.LISTING)) {
        CanonicalJson.read(bytes("{\"schemaVersion\":2,\"manifests\":[" + DESCRIPTOR + "]}"),
            ImageIndex.class);
        CanonicalJson.read(bytes("{\"schemaVersion\":2,\"config\":" + DESCRIPTOR
            + ",\"layers\":[" + DESCRIPTOR + "]}"), ImageManifest.class);
      }
      if (work.contains(Work.CONFIGS)) {
        CanonicalJson.read(bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":"
            + "{\"Env\":[\"A=b\"],\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\"" + DIGEST + "\"]}}"), ImageConfig.class);
      }
      if (work.contains(Work.IMAGE_WRITES)) {
        imageWrites();
      }
      if (work.contains(Work.CONTAINERS)) {
        containers();
      }
    } catch (IOException | RuntimeException ignored) {
      // only a warm-up: the command reads the real documents itself
    }
  }

  private static void hashing() {
    MessageDigest sha = Digest.newMessageDigest("sha256");
    byte[] block = new byte[32 * 1024];
    for (int i = 0; i < DIGEST_ROUNDS; i++) {
      sha.update(block, 0, block.length);
    }
    sha.digest();
  }

  /** A config and a manifest written canonically (through a tree), as a build commits them. */
  private static void imageWrites() throws IOException {
    CanonicalJson.write(CanonicalJson.read(bytes("{\"architecture\":\"amd64\",\"os\":"
        + "\"linux\",\"config\":{\"Env\":[\"A=b\"]},\"history\":[{\"created_by\":\"x\"}]}"),
        ImageConfig.class));
    CanonicalJson.write(CanonicalJson.read(bytes("{\"schemaVersion\":2,\"config\":"
        + DESCRIPTOR + ",\"layers\":[" + DESCRIPTOR + "]}"), ImageManifest.class));
  }

  /** A container's state, as run and create write it. */
  private static void containers() throws IOException {
    ContainerSpec spec = ContainerSpec.builder(List.of(Path.of("/l")), Path.of("/c"))
        .argv("true").mount(new BindMount(Path.of("/v"), "/v", false))
        .tmpfs(new TmpfsMount("/t", 0, 01777, false)).build();
    CanonicalJson.mapper().writeValueAsBytes(ContainerState.builder("0".repeat(64), "n")
        .image("i").imageId(DIGEST).created("2024-01-01T00:00:00Z").runtime("hoist")
        .diffIds(List.of(DIGEST)).spec(spec).build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

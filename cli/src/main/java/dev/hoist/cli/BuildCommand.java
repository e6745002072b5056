package dev.hoist.cli;

import dev.hoist.internal.build.BuildContext;
import dev.hoist.internal.build.BuildException;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.build.Entitlement;
import dev.hoist.internal.build.OutputSpec;
import dev.hoist.internal.build.SecretSource;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.service.BuildService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist build}, as {@code docker build}: a thin adapter over the build engine. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build an image from a Dockerfile and a context directory (- : a tar on stdin).")
final class BuildCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONTEXT",
      description = "Directory, or - for a tar on stdin.")
  String context;

  @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
      description = "The Dockerfile (default: CONTEXT/Dockerfile).")
  String file;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
      description = "A build argument (KEY alone takes the value from the environment).")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage.")
  String target;

  @Option(names = "--no-cache", description = "Do not use the build cache.")
  boolean noCache;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT][,…]",
      description = "Target platform(s), comma-separated: several make an OCI index of one "
          + "image per platform; RUN steps of a foreign CPU run under QEMU (binfmt_misc).")
  String platform;

  @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR",
      description = "A secret for RUN --mount=type=secret.")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--network", paramLabel = "default|bridge|none|host",
      description = "Network of RUN steps: default (= bridge: a network namespace of each "
          + "step's own on hoist's bridge with outbound NAT), none (only lo), host (the host's; "
          + "also allows RUN --network=host).")
  String network = "default";

  @Option(names = "--allow", paramLabel = "ENTITLEMENT",
      description = "Allow a privilege: network.host (RUN steps on the host's network).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label on the image.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--progress", paramLabel = "auto|tty|plain",
      description = "Progress output: a live view on a terminal (tty), plain lines (plain), "
          + "or the live view when the console is a terminal (auto, the default).")
  String progress = "auto";

  @Option(names = {"-o", "--output"}, paramLabel = "type=image|oci|docker|local,dest=PATH",
      description = "Where the result goes (default: the local store).")
  String output;

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
  Path iidfile;

  @Option(names = "--explain",
      description = "After the build, say for every step why it was a cache hit or a miss.")
  boolean explain;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image ID.")
  boolean quiet;

  @Option(names = "--compression", paramLabel = "gzip|zstd|none",
      description = "How new layers are compressed (default: gzip).")
  String compression = "gzip";

  @Option(names = "--rewrite-timestamp", description = "Clamp the timestamps of new layers' "
      + "files to SOURCE_DATE_EPOCH, or to the Unix epoch when it is not set: a step that runs "
      + "again and writes the same files then makes the same layer, and later steps stay cached.")
  boolean rewriteTimestamp;

  @Option(names = "--pull", description = "Always check the registry for a newer version of "
      + "each base image (missing ones are pulled anyway).")
  boolean pull;

  @Option(names = "--push", description = "Push every -t name to its registry after the build.")
  boolean push;

  @Option(names = "--cache-from", paramLabel = "REF",
      description = "Import a build cache exported with --cache-to (repeatable).")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--cache-to", paramLabel = "REF",
      description = "Export this build's cache (step keys and layers) to a registry.")
  String cacheTo;

  @Option(names = "--load", description = "Keep the result in the local store (buildx's "
      + "flag; hoist always does unless -o says otherwise).")
  boolean load;

  @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write buildx's "
      + "metadata JSON (containerimage.digest, image.name) to FILE.")
  Path metadataFile;

  @Option(names = "--provenance", paramLabel = "false",
      description = "Only false: hoist makes no provenance attestation.")
  String provenance;

  @Option(names = "--sbom", paramLabel = "false",
      description = "Only false: hoist makes no SBOM attestation.")
  String sbom;

  @Option(names = "--attest", paramLabel = "type=…,disabled=true", description = "buildx's "
      + "attestation option: only with disabled=true (hoist makes no attestations).")
  List<String> attest = new ArrayList<>();

  @Mixin RegistryFlags flags;

  @Mixin BuildHostFlags hostFlags;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("auto", "tty", "plain").contains(progress)) {
      throw new UserError("--progress " + progress + ": expected auto, tty or plain");
    }
    for (String[] attestation : new String[][] {{"--provenance", provenance},
        {"--sbom", sbom}}) {
      if (attestation[1] != null && !List.of("false", "0").contains(attestation[1])) {
        throw new UserError(attestation[0] + " " + attestation[1] + ": hoist makes no "
            + "attestations (SLSA provenance, SBOM); only " + attestation[0] + "=false");
      }
    }
    for (String a : attest) {
      if (!List.of(a.split(",")).contains("disabled=true")) {
        throw new UserError("--attest " + a + ": hoist makes no attestations (SLSA provenance, "
            + "SBOM); only --attest type=…,disabled=true");
      }
    }
    if (load && output != null && !output.startsWith("type=image")) {
      throw new UserError("--load with -o " + output + ": --load is -o type=image");
    }
    BuildService builds = Cli.hoist(spec).builds();
    try (BuildService.Session session = builds.open(flags.overrides(), pull)) {
      return build(builds, session, out, err);
    }
  }

  private int build(BuildService builds, BuildService.Session engine, PrintWriter out,
      PrintWriter err) throws Exception {
    if (context.equals("-") && "-".equals(file)) {
      throw new UserError("-f - with the context - : stdin cannot be both the build context and "
          + "the Dockerfile");
    }
    request(builds, Path.of("."), null); // every option checked (and refused) before any work
    try (BuildContext opened = open(engine, err)) {
      Path dockerfile;
      try {
        dockerfile = opened.dockerfile() != null ? opened.dockerfile()
            : file == null ? null : opened.resolveDockerfile(file);
      } catch (BuildException e) {
        throw new UserError(e.getMessage());
      }
      BuildRequest request = request(builds, opened.directory(), dockerfile);
      boolean live = !quiet && (progress.equals("tty")
          || progress.equals("auto") && System.console() != null);
      BuildProgressPrinter printer = new BuildProgressPrinter(quiet || live
          ? new PrintWriter(PrintWriter.nullWriter()) : err);
      long start = System.nanoTime();
      BuildResult result;
      try (BuildLiveView view = live ? new BuildLiveView(err, printer) : null) {
        result = engine.build(request, view != null ? view : printer);
      } catch (BuildException e) {
        if (explain) {
          printer.explanations().forEach(err::println);
        }
        err.println("error: " + e.getMessage());
        err.flush();
        return e.exitCode();
      }
      if (explain) {
        err.println("cache explanation:");
        printer.explanations().forEach(err::println);
      }
      if (!quiet) {
        err.printf(Locale.ROOT, "built in %.1fs: manifest %s%n",
            (System.nanoTime() - start) / 1e9, result.manifest().digest());
        for (String tag : request.tags()) {
          err.println("tagged " + tag);
        }
        err.flush();
      }
      if (iidfile != null) {
        Files.writeString(iidfile, result.id().toString());
      }
      if (metadataFile != null) {
        Files.writeString(metadataFile, metadata(request, result));
      }
      out.println(result.id()); // an index has no image ID: its digest names it
      out.flush();
      return 0;
    }
  }

  /** buildx's {@code --metadata-file} JSON: the image's (or index's) digest and its names. */
  static String metadata(BuildRequest request, BuildResult result) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("containerimage.descriptor", java.util.Map.of(
        "mediaType", result.manifest().mediaType(),
        "digest", result.manifest().digest().toString(),
        "size", result.manifest().size()));
    m.put("containerimage.digest", result.manifest().digest().toString());
    if (!request.multiPlatform()) {
      m.put("containerimage.config.digest", result.imageId().toString());
    }
    m.put("image.name", String.join(",", request.tags()));
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The context (and with {@code -f -}, the Dockerfile) the arguments name. */
  private BuildContext open(BuildService.Session engine, PrintWriter err)
      throws IOException, InterruptedException {
    BuildContext opened;
    try {
      opened = engine.openContext(context, System.in, line -> {
        if (!quiet) {
          err.println("git: " + line);
        }
      });
    } catch (BuildException e) {
      throw new UserError(e.getMessage());
    }
    if ("-".equals(file)) {
      try {
        engine.dockerfileFromStdin(opened, System.in);
      } catch (BuildException e) {
        opened.close();
        throw new UserError(e.getMessage());
      } catch (IOException | RuntimeException e) {
        opened.close();
        throw e;
      }
    }
    return opened;
  }

  /**
   * A cache reference: {@code REF}, or buildx's {@code type=registry,ref=REF[,mode=max]}. hoist
   * exports every step's result (buildx's {@code mode=max}): {@code mode=min} is refused, as are
   * other types and keys (nothing accepted and ignored).
   */
  static String cacheReference(String option, String value) {
    if (!value.contains("=")) {
      return value;
    }
    String ref = null;
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "type" -> {
          if (!v.equals("registry")) {
            throw new UserError(option + " " + value + ": only type=registry is supported");
          }
        }
        case "ref" -> ref = v;
        case "mode" -> {
          if (!option.equals("--cache-to") || !v.equals("max")) {
            throw new UserError(option + " " + value + ": mode=" + v + " is not supported: hoist"
                + " exports the result of every step (mode=max, for --cache-to only)");
          }
        }
        default -> throw new UserError(option + " " + value + ": " + key + " is not supported"
            + " (type=registry, ref= and, for --cache-to, mode=max)");
      }
    }
    if (ref == null || ref.isEmpty()) {
      throw new UserError(option + " " + value + ": expected REF or type=registry,ref=REF");
    }
    return ref;
  }

  private BuildRequest request(BuildService builds, Path contextDir, Path dockerfile)
      throws IOException {
    BuildRequest.Builder b = BuildRequest.builder(contextDir).dockerfile(dockerfile);
    tags.forEach(b::tag);
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw new UserError("--build-arg " + arg + ": expected KEY=VALUE");
      }
      if (eq < 0) {
        builds.hostValue(arg).ifPresent(value -> b.buildArg(arg, value));
      } else {
        b.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    b.target(target).noCache(noCache).push(push)
        .cacheTo(cacheTo == null ? null : cacheReference("--cache-to", cacheTo));
    cacheFrom.forEach(c -> b.cacheFrom(cacheReference("--cache-from", c)));
    if (platform != null) {
      try {
        b.platforms(Platform.parseList(platform));
      } catch (IllegalArgumentException e) {
        throw new UserError("--platform " + e.getMessage());
      }
    }
    for (String s : secrets) {
      try {
        b.secret(SecretSource.parse(s));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    b.network(switch (network) {
      case "default", "bridge" -> NetworkMode.BRIDGE;
      case "host" -> {
        // asked for on the command line: granted, as docker build (buildx) grants it; a
        // Dockerfile's RUN --network=host alone still needs --allow network.host
        b.allow(Entitlement.NETWORK_HOST);
        yield NetworkMode.HOST;
      }
      case "none" -> NetworkMode.NONE;
      default -> throw new UserError("--network " + network
          + ": expected default, bridge, none or host");
    });
    b.runHost(hostFlags.toRunHostOptions());
    for (String a : allow) {
      try {
        b.allow(Entitlement.parse(a));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    for (String label : labels) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--label " + label + ": expected KEY=VALUE");
      }
      b.label(label.substring(0, eq), label.substring(eq + 1));
    }
    if (output != null) {
      try {
        OutputSpec spec = OutputSpec.parse(output);
        b.output(spec);
        spec.names().forEach(b::tag); // type=image,name=X: as -t X
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    switch (compression) {
      case "gzip" -> b.compression(Compression.GZIP);
      case "zstd" -> b.compression(Compression.ZSTD);
      case "none" -> b.compression(Compression.NONE);
      default -> throw new UserError("--compression " + compression
          + ": expected gzip, zstd or none");
    }
    b.rewriteTimestamp(rewriteTimestamp);
    java.util.Map<String, String> given = new java.util.HashMap<>();
    for (String arg : buildArgs) {
      if (arg.startsWith("SOURCE_DATE_EPOCH=")) {
        given.put("SOURCE_DATE_EPOCH", arg.substring(arg.indexOf('=') + 1));
      }
    }
    try {
      b.sourceDateEpoch(builds.sourceDateEpoch(given));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    try {
      return b.build().checkNames();
    } catch (IllegalArgumentException | BuildException e) {
      throw new UserError(e.getMessage());
    }
  }
}

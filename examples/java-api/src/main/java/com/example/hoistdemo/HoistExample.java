package com.example.hoistdemo;

import dev.hoist.api.AssemblyBase;
import dev.hoist.api.AssemblyResult;
import dev.hoist.api.AssemblyTarget;
import dev.hoist.api.BuiltImage;
import dev.hoist.api.CompletedRun;
import dev.hoist.api.RunNetwork;
import dev.hoist.api.ContainerRequest;
import dev.hoist.api.DockerfileBuild;
import dev.hoist.api.EmbeddedHoist;
import dev.hoist.api.HoistApiException;
import dev.hoist.api.HoistBuildException;
import dev.hoist.api.HoistListener;
import dev.hoist.api.HoistRegistryException;
import dev.hoist.api.ImageAssembly;
import dev.hoist.api.InspectedImage;
import dev.hoist.api.LayerSpec;
import dev.hoist.api.PushedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an application does with hoist's Java API: pull a base image from a registry, inspect
 * it, tag it and push the tag; build a Dockerfile with a RUN step on it; run the image and
 * print what it says; push it; assemble an image without a Dockerfile (Jib-style), push it and
 * run it.
 *
 * <pre>
 * java -cp … com.example.hoistdemo.HoistExample REGISTRY BASE_IMAGE [HOIST_HOME]
 * </pre>
 *
 * REGISTRY is {@code host:port} (allowed over plain HTTP), BASE_IMAGE an image with a shell in
 * it ({@code REGISTRY/base/busybox:1}). Building with a RUN step and running need root.
 */
public final class HoistExample {
  private final EmbeddedHoist hoist;
  private final String registry;
  private final PrintStream out;

  HoistExample(EmbeddedHoist hoist, String registry, PrintStream out) {
    this.hoist = hoist;
    this.registry = registry;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** The example with {@code args}, printing to {@code out}; the exit code of its process. */
  static int run(String[] args, PrintStream out) {
    if (args.length < 2 || args.length > 3) {
      out.println("usage: HoistExample REGISTRY BASE_IMAGE [HOIST_HOME]");
      return 2;
    }
    // open a hoist home: the CLI's by default; the registry allowed over plain HTTP;
    // progress to a listener (the library itself prints nothing)
    EmbeddedHoist.Builder settings = EmbeddedHoist.builder()
        .insecureRegistry(args[0])
        .listener(new HoistListener() {
          @Override
          public void stepStarted(String step) {
            out.println("step: " + step);
          }

          @Override
          public void warning(String message) {
            out.println("warning: " + message);
          }
        });
    if (args.length == 3) {
      settings.home(Path.of(args[2]));
    }
    try (EmbeddedHoist hoist = settings.open()) {
      HoistExample example = new HoistExample(hoist, args[0], out);
      String base = example.pullTagAndPush(args[1]);
      String image = example.buildWithRunStep(base);
      example.runAndPrint(image);
      example.push(image);
      example.assembleWithoutDockerfile(base);
      return 0;
    } catch (HoistBuildException e) {
      out.println("build failed (Dockerfile line " + e.line() + "): " + e.getMessage());
      return e.exitCode();
    } catch (HoistRegistryException e) {
      out.println("registry error " + e.code() + ": " + e.getMessage());
      return 1;
    } catch (HoistApiException | IOException e) {
      out.println("failed: " + e.getMessage());
      return 1;
    }
  }

  /** Pulls {@code reference}, prints what it is, tags it in this registry and pushes the tag. */
  String pullTagAndPush(String reference) {
    InspectedImage base = hoist.pull(reference);
    out.println("pulled " + reference + ": " + base.manifest().digest() + ", "
        + base.platform() + ", " + base.layers().size() + " layer(s)");
    String copy = registry + "/examples/base:copy";
    hoist.tag(reference, copy);
    PushedImage pushed = hoist.push(copy);
    out.println("pushed " + pushed.reference() + ": " + pushed.digest());
    return copy;
  }

  /** Builds a Dockerfile with a RUN step on {@code base}; the image's name. */
  String buildWithRunStep(String base) throws IOException {
    Path context = Files.createTempDirectory("hoist-example-");
    Files.writeString(context.resolve("message.txt"), "hello from the Java API\n");
    Files.writeString(context.resolve("Dockerfile"), """
        ARG BASE
        FROM ${BASE}
        ARG WHO=nobody
        COPY message.txt /message.txt
        RUN echo "built for $WHO" >> /message.txt
        LABEL org.example.made-by=hoist-java-api-example
        CMD ["cat", "/message.txt"]
        """);
    String name = registry + "/examples/hello:1";
    BuiltImage built = hoist.build(DockerfileBuild.builder(context)
        .buildArg("BASE", base)
        .buildArg("WHO", "an embedder")
        .tag(name)
        .network(RunNetwork.NONE)
        .build());
    out.println("built " + name + ": image " + built.imageId());
    return name;
  }

  /** Runs {@code image} (its own command), as {@code docker run --rm}, and prints its output. */
  void runAndPrint(String image) {
    CompletedRun run = hoist.run(ContainerRequest.builder(image).build());
    run.stdout().lines().forEach(line -> out.println("container: " + line));
    out.println("exit code " + run.exitCode());
  }

  /** Pushes {@code image} to its registry. */
  void push(String image) {
    PushedImage pushed = hoist.push(image);
    out.println("pushed " + pushed.reference() + ": " + pushed.digest());
  }

  /**
   * Assembles an image Jib-style, without a Dockerfile and without root: {@code base} from the
   * registry (its layers are mounted, never downloaded), a layer of "dependencies" and one of
   * "classes" from host directories at chosen paths, owners and modes, the container's config;
   * pushed to the registry. Then pulls it and runs it to show what it holds.
   */
  void assembleWithoutDockerfile(String base) throws IOException {
    Path app = Files.createTempDirectory("hoist-example-app-");
    Path libs = Files.createDirectories(app.resolve("libs"));
    Path classes = Files.createDirectories(app.resolve("classes"));
    Files.writeString(libs.resolve("library.txt"), "a dependency\n");
    Files.writeString(classes.resolve("greeting.txt"), "assembled by the Java API\n");
    String name = registry + "/examples/assembled:1";
    AssemblyResult assembled = ImageAssembly.from(AssemblyBase.registry(base))
        .layer(LayerSpec.named("dependencies").addDirectory(libs, "/app/libs"))
        .layer(LayerSpec.named("classes").addDirectory(classes, "/app/classes")
            .withOwner(1000, 1000).withFileMode(0640))
        .entrypoint("cat")
        .cmd("/app/classes/greeting.txt")
        .env("APP_HOME", "/app")
        .label("org.example.made-by", "hoist-java-api-example")
        .workingDir("/app")
        .insecureRegistry(registry)
        .cacheDirectory(app.resolve("layer-cache"))
        .assemble(AssemblyTarget.registry(name));
    out.println("assembled " + name + ": " + assembled.digest() + ", "
        + assembled.layersBuilt() + " layer(s) written, " + assembled.layersReused()
        + " from the cache");
    hoist.pull(name);
    runAndPrint(name);
  }
}

package dev.hoist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.internal.dockerfile.syntax.DockerfileJson;
import dev.hoist.internal.dockerfile.syntax.DockerfileText;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hoist dockerfile parse}: prints the syntax tree and the stages. */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = "Parse a Dockerfile and print its instructions as written, then its stages "
        + "with their dependencies and build order.")
final class DockerfileParseCommand implements Callable<Integer> {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "Dockerfile",
      description = "The Dockerfile, or - for standard input (default: ${DEFAULT-VALUE}).")
  String file;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--build-arg", paramLabel = "K=V",
      description = "A build argument; K alone takes its value from the environment.")
  List<String> buildArgs = List.of();

  @Option(names = "--target", paramLabel = "STAGE",
      description = "The stage to build (default: the last).")
  String target;

  @Option(names = "--platform", paramLabel = "OS/ARCH",
      description = "The target platform for the predefined platform ARGs (default: this machine's).")
  String platform;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UserError("unknown --format \"" + format + "\": expected text or json");
    }
    String text;
    String name;
    if (file.equals("-")) {
      text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      name = "<stdin>";
    } else {
      text = Dockerfile.readText(Path.of(file));
      name = file;
    }
    Dockerfile dockerfile = Dockerfile.parse(text, name);
    String host = dev.hoist.cache.model.Platform.host().formatted();
    ResolveOptions options = ResolveOptions.defaults().withBuildArgs(parseBuildArgs())
        .withTarget(target).withBuildPlatform(host)
        .withTargetPlatform(platform == null ? host
            : LocalStore.platform(platform.contains("/") ? platform : "linux/" + platform).formatted());
    StageGraph graph = dockerfile.stages(options);
    graph.stage(target); // an unknown target is an error before anything is printed
    if (format.equals("json")) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      spec.commandLine().getOut().println(mapper.writeValueAsString(
          DockerfileJson.toJson(dockerfile.syntax(), graph, target)));
    } else {
      spec.commandLine().getOut().print(DockerfileText.render(dockerfile.syntax(), graph, target));
    }
    return 0;
  }

  private Map<String, String> parseBuildArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw new UserError("invalid --build-arg \"" + arg + "\": expected NAME=VALUE");
      }
      if (eq < 0) {
        String value = Cli.hoist(spec).context().environment().get(arg);
        if (value != null) {
          args.put(arg, value);
        }
      } else {
        args.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return args;
  }
}

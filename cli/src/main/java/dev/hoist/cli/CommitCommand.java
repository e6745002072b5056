package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist commit CONTAINER [REPOSITORY[:TAG]]}: a new image from a container's changes. */
@Command(name = "commit", mixinStandardHelpOptions = true,
    description = "Create a new image from a container's changes (one layer on its image).")
final class CommitCommand implements Callable<Integer> {
  @Option(names = {"-a", "--author"}, paramLabel = "AUTHOR",
      description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\").")
  String author;

  @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
      description = "Apply a Dockerfile instruction to the image: CMD, ENTRYPOINT, ENV, EXPOSE, "
          + "LABEL, ONBUILD, USER, VOLUME, WORKDIR.")
  List<String> changes = new ArrayList<>();

  @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Commit message.")
  String message;

  @Option(names = {"-p", "--pause"}, arity = "0..1", defaultValue = "true",
      fallbackValue = "true",
      description = "Pause the container during commit (default true).")
  boolean pause;

  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String id = ContainerCli.containers(spec).commit(container,
        new ContainerService.CommitRequest(reference, author, message, changes, pause));
    spec.commandLine().getOut().println(id);
    return 0;
  }
}

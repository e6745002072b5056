package dev.hoist.cli;

import dev.hoist.cli.format.DockerFormat;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist top CONTAINER [ps OPTIONS]}: a running container's processes, as docker's. */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = "Display the running processes of a container (the host's ps, -ef unless "
        + "other ps options follow the container).")
final class TopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONTAINER") String reference;

  @Parameters(index = "1..*", paramLabel = "ps OPTIONS") List<String> psArgs = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ContainerService.Top top = ContainerCli.containers(spec).top(reference, psArgs);
    StringBuilder text = new StringBuilder(String.join("\t", top.titles())).append('\n');
    top.processes().forEach(p -> text.append(String.join("\t", p)).append('\n'));
    spec.commandLine().getOut().print(DockerFormat.align(text.toString(), 20, 3));
    spec.commandLine().getOut().flush();
    return 0;
  }
}

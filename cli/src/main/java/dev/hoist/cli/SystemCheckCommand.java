package dev.hoist.cli;

import dev.hoist.service.SystemService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoist system check}: re-verifies every blob against its digest. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Re-hash every blob in the local store and report any whose content no "
        + "longer matches its digest. Exit code 1 when one does not.")
final class SystemCheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SystemService.CheckReport report = Cli.hoist(spec).system().check(bad -> out.println(
        "MISMATCH " + bad.digest() + "  " + (bad.file() != null ? bad.file()
            : "(a built layer, made again from its snapshot)")));
    List<SystemService.Mismatch> bad = report.mismatches();
    out.printf("checked %d blobs (%s) in %s: %s%n", report.blobs(), Sizes.human(report.bytes()),
        report.store(), bad.isEmpty() ? "all match their digests"
            : bad.size() + " do not match (remove them with hoist system prune, then pull or "
                + "build again)");
    return bad.isEmpty() ? 0 : 1;
  }
}

package dev.hoist.cli;

import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.NetworkLeftovers;
import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system check}: re-verifies every blob against its digest, and removes what
 * containers whose hoist process was killed left on the bridge.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Re-hash every blob in the local store and report any whose content no "
        + "longer matches its digest (exit code 1 when one does not); remove what killed "
        + "containers left on the bridge networks (port rules, namespaces, veths, addresses, "
        + "user-network memberships) and what removed user networks left (bridges, rules).")
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
    out.println(networkLeftovers(Cli.hoist(spec).system()));
    return bad.isEmpty() ? 0 : 1;
  }

  /** The networks' leftovers, removed (needs root and iptables; else said so). */
  private static String networkLeftovers(SystemService system) {
    try {
      NetworkLeftovers left = system.repairNetwork();
      if (left.none()) {
        return "network: nothing left behind on " + BridgeNetwork.DEFAULT_NAME
            + " and user networks";
      }
      return "network: removed " + left.rules() + " firewall rules, " + left.addresses()
          + " addresses (with their namespaces and veths), " + left.members()
          + " user-network memberships and " + left.bridges()
          + " bridges of removed networks that killed containers and removed networks left";
    } catch (IOException | RuntimeException e) {
      return "network: not checked (" + e.getMessage() + ")";
    }
  }
}

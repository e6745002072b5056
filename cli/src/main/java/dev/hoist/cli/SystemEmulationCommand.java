package dev.hoist.cli;

import dev.hoist.cache.model.Platform;
import dev.hoist.internal.runtime.Emulation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system emulation install [PLATFORM…]}: QEMU's binfmt_misc handlers registered, so
 * builds and containers of other CPUs run; {@code hoist system emulation} alone tells what runs.
 */
@Command(name = "emulation", mixinStandardHelpOptions = true,
    description = "Show which platforms run here (natively or under QEMU's binfmt_misc "
        + "handlers); 'install [PLATFORM…]' registers Debian's qemu-user-static handlers "
        + "with the F flag (root).",
    subcommands = SystemEmulationCommand.Install.class)
final class SystemEmulationCommand implements Callable<Integer> {
  static final List<String> SHOWN = List.of("linux/amd64", "linux/386", "linux/arm64",
      "linux/arm/v7", "linux/arm/v6", "linux/riscv64", "linux/ppc64le", "linux/s390x",
      "linux/mips64le");

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Emulation emulation = Emulation.system();
    for (String name : SHOWN) {
      Platform p = Platform.parse(name);
      out.printf("%-16s %s%n", name, emulation.isNative(p) ? "native"
          : emulation.handler(p).map(h -> "emulated (" + h + ")").orElse("not available"));
    }
    return 0;
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Register qemu-user-static's handlers (all, or those of the platforms "
          + "named) with binfmt_misc, mounting it when needed (root).")
  static final class Install implements Callable<Integer> {
    @Parameters(paramLabel = "PLATFORM", arity = "0..*",
        description = "Only these platforms, e.g. linux/arm64 linux/arm/v7.")
    List<String> platforms = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<Platform> wanted = new ArrayList<>();
      for (String p : platforms) {
        try {
          wanted.add(Platform.parse(p));
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
      }
      List<Emulation.Registration> done;
      try {
        done = Cli.hoist(spec).system().installEmulation(wanted);
      } catch (Emulation.EmulationException e) {
        throw new UserError(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (Emulation.Registration r : done) {
        out.println(r.name() + ": " + r.outcome());
      }
      return 0;
    }
  }
}

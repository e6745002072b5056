package dev.hoist.cli;

import dev.hoist.internal.service.Hoist;
import picocli.CommandLine.Model.CommandSpec;

/** What a command reaches through its picocli spec: the run's services, its streams' kind. */
final class Cli {
  private Cli() {}

  /** The services of this run (made once per run by {@link Main}). */
  static Hoist hoist(CommandSpec spec) {
    return main(spec).hoist();
  }

  /** {@link #hoist}, the monitor's steps served by this JVM ({@link Main#hoistWithWarmSteps}). */
  static Hoist hoistWithWarmSteps(CommandSpec spec) {
    return main(spec).hoistWithWarmSteps();
  }

  /** Whether this run's streams are the process's own (see {@link Main#processStreams()}). */
  static boolean processStreams(CommandSpec spec) {
    return main(spec).processStreams();
  }

  private static Main main(CommandSpec spec) {
    return (Main) spec.root().userObject();
  }
}

package dev.hoist.cli;

import picocli.CommandLine.Command;

/** {@code hoist builder …}: the build cache, as {@code docker builder}. */
@Command(name = "builder", description = "Manage the build cache.",
    mixinStandardHelpOptions = true, subcommands = {BuilderPruneCommand.class})
final class BuilderCommand {}

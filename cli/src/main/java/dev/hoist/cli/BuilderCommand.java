package dev.hoist.cli;

import picocli.CommandLine.Command;

/** {@code hoist builder …}: the build cache and {@code builder build}, as {@code docker builder}. */
@Command(name = "builder", description = "Manage the build cache.",
    mixinStandardHelpOptions = true,
    subcommands = {BuilderPruneCommand.class, BuildCommand.class})
final class BuilderCommand {}

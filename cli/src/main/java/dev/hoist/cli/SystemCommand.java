package dev.hoist.cli;

import picocli.CommandLine.Command;

/** {@code hoist system …}: the local store as a whole ({@code system info}: {@code info}). */
@Command(name = "system", description = "Manage hoist's local store.",
    mixinStandardHelpOptions = true,
    subcommands = {SystemBootCommand.class, SystemCheckCommand.class, SystemDfCommand.class,
        SystemPruneCommand.class, EventsCommand.class, SystemServiceCommand.class,
        InfoCommand.class, SystemEmulationCommand.class, SystemReaperCommand.class})
final class SystemCommand {}

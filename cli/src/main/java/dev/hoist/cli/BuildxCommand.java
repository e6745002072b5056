package dev.hoist.cli;

import picocli.CommandLine.Command;

/**
 * {@code hoist buildx build …}: buildx's spelling of {@code hoist build} (with {@code --load},
 * {@code --metadata-file}), so that {@code docker/build-push-action}-style scripts run.
 */
@Command(name = "buildx", description = "buildx's spelling of build: hoist buildx build …",
    mixinStandardHelpOptions = true, subcommands = {BuildCommand.class})
final class BuildxCommand {}

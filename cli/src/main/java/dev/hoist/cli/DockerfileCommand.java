package dev.hoist.cli;

import picocli.CommandLine.Command;

/** {@code hoist dockerfile …}: commands about Dockerfiles themselves. */
@Command(name = "dockerfile", description = "Work with Dockerfiles.",
    mixinStandardHelpOptions = true, subcommands = DockerfileParseCommand.class)
final class DockerfileCommand {}

package dev.hoist.api;

/**
 * A container that ran to its end, attached (as {@code docker run --rm}): its exit status and
 * everything it wrote.
 *
 * @param exitCode its exit status (128+N when killed by signal N; 125 or more when it could not
 *     be started)
 * @param stdout what it wrote to its standard output, as UTF-8
 * @param stderr what it wrote to its standard error, as UTF-8
 */
public record CompletedRun(int exitCode, String stdout, String stderr) {}

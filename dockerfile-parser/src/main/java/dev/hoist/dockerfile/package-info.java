/**
 * Dockerfiles, parsed: hoist's Java API for reading a Dockerfile as BuildKit's frontend does.
 *
 * <p>{@link dev.hoist.dockerfile.Dockerfile} is the entry point: {@link
 * dev.hoist.dockerfile.Dockerfile#parse parse} or {@link dev.hoist.dockerfile.Dockerfile#read
 * read} gives the syntax tree as written ({@link dev.hoist.dockerfile.SyntaxTree}: directives and
 * {@link dev.hoist.dockerfile.RawInstruction}s with their {@link dev.hoist.dockerfile.Heredoc}s
 * and {@link dev.hoist.dockerfile.KeyValue} pairs), the typed instructions of {@code
 * dev.hoist.dockerfile.instructions}, and, for one build, the stages of {@code
 * dev.hoist.dockerfile.stages}. A mistake in the Dockerfile is a {@link
 * dev.hoist.dockerfile.DockerfileException} naming the file, line and column.
 *
 * <pre>{@code
 * Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
 * StageGraph graph = dockerfile.stages(ResolveOptions.defaults()
 *     .withBuildArgs(Map.of("VERSION", "1.2"))
 *     .withTargetPlatform("linux/amd64"));
 * for (List<Stage> wave : graph.buildOrder(null)) {
 *   wave.forEach(stage -> System.out.println(stage.displayName() + " FROM " + stage.from().image()));
 * }
 * }</pre>
 *
 * <p>See {@code docs/java-api.md}; packages under {@code dev.hoist.internal} are not API.
 */
package dev.hoist.dockerfile;

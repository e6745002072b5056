/**
 * A Dockerfile resolved for one build: its {@link dev.hoist.dockerfile.stages.Stage}s with
 * variables expanded, build args and platform ARGs applied, and linked by what each uses from
 * another ({@link dev.hoist.dockerfile.stages.StageReference}), in a {@link
 * dev.hoist.dockerfile.stages.StageGraph} that gives the stages a target needs and the order
 * they can be built in. {@link dev.hoist.dockerfile.stages.ResolveOptions} says what the build
 * adds; {@link dev.hoist.dockerfile.stages.ImageDefaults} holds the defaults of an image from
 * scratch. Part of hoist's Java API.
 *
 * <p>Entry point: {@code Dockerfile.stages(options)}.
 *
 * <pre>{@code
 * StageGraph graph = Dockerfile.parse(text, "Dockerfile")
 *     .stages(ResolveOptions.defaults().withTarget("test"));
 * graph.warnings().forEach(System.err::println);
 * List<Stage> needed = graph.stagesFor("test");
 * }</pre>
 *
 * <p>See {@code docs/java-api.md}; packages under {@code dev.hoist.internal} are not API.
 */
package dev.hoist.dockerfile.stages;

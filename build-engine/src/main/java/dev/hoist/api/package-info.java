/**
 * hoist's Java API: what a JVM application (a Maven or Gradle plugin, a test harness, a CI tool)
 * uses to build, pull, inspect, tag, push and run images in its own process, with hoist's jars
 * as dependencies and no CLI.
 *
 * <p>The entry point is {@link dev.hoist.api.EmbeddedHoist}: opened once over a hoist home,
 * shared by threads, closed at the end. Images assembled without a Dockerfile (Jib-style) have
 * an entry point of their own, {@code ImageAssembly} ({@code docs/java-api-assembly.md}). Requests are small values of this package
 * ({@link dev.hoist.api.DockerfileBuild}, {@link dev.hoist.api.ContainerRequest}); results are
 * records of this package and the image model's value types ({@code dev.hoist.cache.model}:
 * {@code Digest}, {@code Descriptor}, {@code ImageConfig}, {@code Platform}). Progress goes to a
 * {@link dev.hoist.api.HoistListener}; nothing is printed. Failures are unchecked:
 * {@link dev.hoist.api.HoistApiException} and its subclasses, and
 * {@link java.lang.IllegalArgumentException} for a malformed request.
 *
 * <p>Signatures here use only this package, the image model ({@code dev.hoist.cache.image},
 * {@code dev.hoist.cache.model}) and the JDK: every other package of hoist is internal and may
 * change without notice. See {@code docs/java-api.md}.
 */
package dev.hoist.api;

/**
 * Running containers: {@link dev.hoist.runtime.ContainerSpec} says what to run,
 * {@link dev.hoist.runtime.ShimRuntime} runs it with the native shim
 * ({@code src/main/c/hoist-shim.c}) in fresh namespaces on an overlay of snapshot directories,
 * {@link dev.hoist.runtime.UserResolver} turns user names into numbers. See
 * docs/runtime-shim.md.
 */
package dev.hoist.runtime;

/**
 * Running containers: {@link dev.hoist.internal.runtime.ContainerSpec} says what to run,
 * {@link dev.hoist.internal.runtime.ShimRuntime} runs it with the native shim
 * ({@code src/main/c/hoist-shim.c}) in fresh namespaces on an overlay of snapshot directories,
 * {@link dev.hoist.internal.runtime.UserResolver} turns user names into numbers. See
 * docs/runtime-shim.md.
 */
package dev.hoist.internal.runtime;

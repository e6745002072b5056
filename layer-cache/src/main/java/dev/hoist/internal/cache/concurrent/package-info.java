/** Internal, no compatibility promise (may change without notice): running a few tasks at a time ({@code Parallel}), shared by transfers, image writes and build stages. */
package dev.hoist.internal.cache.concurrent;

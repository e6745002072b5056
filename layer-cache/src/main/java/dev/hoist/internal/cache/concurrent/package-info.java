/**
 * Running work a few tasks at a time: {@link dev.hoist.internal.cache.concurrent.Parallel}, the one pool
 * helper that blob transfers, image writes and the stages of a build share.
 */
package dev.hoist.internal.cache.concurrent;

/** Internal, no compatibility promise (may change without notice): the content-addressed blob store, the home directory's layout, locks and atomic files. */
package dev.hoist.internal.cache.store;

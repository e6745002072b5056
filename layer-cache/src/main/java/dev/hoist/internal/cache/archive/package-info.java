/** Internal, no compatibility promise (may change without notice): OCI layout and docker-archive import and export. */
package dev.hoist.internal.cache.archive;

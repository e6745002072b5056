/** Internal, no compatibility promise (may change without notice): {@code .dockerignore} matching. */
package dev.hoist.internal.dockerfile.ignore;

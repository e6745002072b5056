/** Internal, no compatibility promise (may change without notice): variable expansion in words, with Docker's shell-word rules. */
package dev.hoist.internal.dockerfile.shell;

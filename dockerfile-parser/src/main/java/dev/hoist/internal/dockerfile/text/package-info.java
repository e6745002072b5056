/** Internal, no compatibility promise (may change without notice): Go's string functions as Docker uses them, and "did you mean" suggestions. */
package dev.hoist.internal.dockerfile.text;

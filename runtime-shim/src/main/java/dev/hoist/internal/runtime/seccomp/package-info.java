/** Internal, no compatibility promise (may change without notice): the seccomp profile and its compilation to a BPF filter. */
package dev.hoist.internal.runtime.seccomp;

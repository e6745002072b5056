/** Internal, no compatibility promise (may change without notice): running containers: root filesystems, the native shim and OCI runtimes, lifecycle, state, logs and volumes. */
package dev.hoist.internal.runtime;

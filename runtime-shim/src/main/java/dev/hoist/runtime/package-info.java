/**
 * The namespaced shim and the Java side that prepares root filesystems and runs containers.
 * Arrives with the runtime-shim issue.
 */
package dev.hoist.runtime;

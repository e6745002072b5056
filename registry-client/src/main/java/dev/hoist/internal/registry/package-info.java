/** Internal, no compatibility promise (may change without notice): the OCI Distribution client: transport with authentication and retries, registry operations, registry images and targets. */
package dev.hoist.internal.registry;

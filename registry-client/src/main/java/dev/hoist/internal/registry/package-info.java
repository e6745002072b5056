/**
 * OCI Distribution client: references ({@link dev.hoist.cache.image.ImageName}), the HTTP
 * transport with authentication and retries ({@link dev.hoist.internal.registry.RegistryTransport}), the
 * protocol operations on one registry ({@link dev.hoist.internal.registry.RegistryClient}) and the
 * transfers between a registry and the local store ({@link dev.hoist.internal.registry.ImageTransfers}).
 */
package dev.hoist.internal.registry;

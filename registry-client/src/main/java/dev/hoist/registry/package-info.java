/**
 * OCI Distribution client: references, auth, manifests, blobs and transfers between a registry
 * and the blob store. Arrives with the registry-client issue.
 */
package dev.hoist.registry;

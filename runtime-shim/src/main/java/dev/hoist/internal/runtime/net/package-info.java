/** Internal, no compatibility promise (may change without notice): container networks: the bridge, veth pairs and addresses. */
package dev.hoist.internal.runtime.net;

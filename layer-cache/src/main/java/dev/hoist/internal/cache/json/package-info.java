/** Internal, no compatibility promise (may change without notice): canonical JSON for the image model ({@code CanonicalJson}). */
package dev.hoist.internal.cache.json;

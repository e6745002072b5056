/**
 * hoist's Engine API service ({@code hoist system service}, issue 15): a small HTTP/1.1 server
 * on a UNIX (or loopback TCP) socket and the Docker Engine API routes over the application
 * services of {@code dev.hoist.internal.service}. See docs/engine-api.md.
 */
package dev.hoist.internal.engine;

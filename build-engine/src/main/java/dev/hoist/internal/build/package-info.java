/**
 * Build planning and execution: cache keys, RUN through the shim, COPY/ADD, the multi-stage
 * graph. Arrives with the build-engine issue.
 */
package dev.hoist.internal.build;

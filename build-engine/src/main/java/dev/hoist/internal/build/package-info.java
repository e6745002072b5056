/** Internal, no compatibility promise (may change without notice): Dockerfile builds: the planner (typed steps and cache keys), the executor (RUN through the runtime, COPY/ADD), the step cache and build outputs. */
package dev.hoist.internal.build;

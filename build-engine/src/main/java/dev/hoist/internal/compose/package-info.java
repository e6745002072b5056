/** Internal, no compatibility promise (may change without notice): compose files read into one normalised project model, and {@code ComposeService}, which runs a project's services through the container, network and volume services. */
package dev.hoist.internal.compose;

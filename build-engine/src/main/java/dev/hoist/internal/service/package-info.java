/** Internal, no compatibility promise (may change without notice): the application services (images, containers, volumes, builds, system) and their composition root, which the CLI and the Java API adapt. */
package dev.hoist.internal.service;

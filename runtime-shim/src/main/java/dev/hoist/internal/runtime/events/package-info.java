/** Internal, no compatibility promise (may change without notice): the events journal every command appends Docker's events to, and its reader. */
package dev.hoist.internal.runtime.events;

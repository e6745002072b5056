/** Internal, no compatibility promise (may change without notice): the rows of Docker's list commands (ps, images, volume ls, network ls) as the Engine API's summaries, and Docker's filters (--filter, prune filters) shared by them. */
package dev.hoist.internal.service.list;

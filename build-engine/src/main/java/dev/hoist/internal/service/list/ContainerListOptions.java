package dev.hoist.internal.service.list;

/**
 * What {@code docker ps} asks (the Engine API's {@code GET /containers/json}): all containers or
 * the running ones, the last {@code limit} made (0: no limit; {@code -n}, {@code -l}), their sizes
 * ({@code -s}), the filters.
 */
public record ContainerListOptions(boolean all, int limit, boolean size, Filters filters) {
  public ContainerListOptions {
    filters = filters == null ? Filters.NONE : filters;
  }
}

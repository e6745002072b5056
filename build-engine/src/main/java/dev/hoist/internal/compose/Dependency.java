package dev.hoist.internal.compose;

/**
 * One entry of {@code depends_on}, the short (list) syntax read as {@code service_started}.
 *
 * @param condition {@code service_started}, {@code service_healthy} or
 *     {@code service_completed_successfully}
 * @param restart whether the dependent is restarted when this one is
 * @param required whether the dependency must exist and run ({@code false}: a warning)
 */
public record Dependency(String condition, boolean restart, boolean required) {
  public static final String STARTED = "service_started";
  public static final String HEALTHY = "service_healthy";
  public static final String COMPLETED = "service_completed_successfully";
}

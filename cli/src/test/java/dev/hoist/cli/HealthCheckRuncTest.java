package dev.hoist.cli;

/** {@link HealthCheckTest} with every container under runc (skipped when runc is not installed). */
class HealthCheckRuncTest extends HealthCheckTest {
  @Override
  public String runtime() {
    return "runc";
  }
}

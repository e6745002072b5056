package dev.hoist.cli;

/** {@link PublishedPortsTest} with every container under runc (skipped when runc is not installed). */
class PublishedPortsRuncTest extends PublishedPortsTest {
  @Override
  public String runtime() {
    return "runc";
  }
}

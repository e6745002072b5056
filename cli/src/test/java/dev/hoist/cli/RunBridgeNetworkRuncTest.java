package dev.hoist.cli;

/** {@link RunBridgeNetworkTest} with every container under runc (skipped when runc is not installed). */
class RunBridgeNetworkRuncTest extends RunBridgeNetworkTest {
  @Override
  public String runtime() {
    return "runc";
  }
}

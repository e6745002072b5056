package dev.hoist.api;

/** The network a container (or a build's RUN steps) gets. */
public enum RunNetwork {
  /** A network namespace of its own with only the loopback interface: no traffic out. */
  NONE,
  /**
   * A network namespace of its own on hoist's bridge, with outbound NAT: what {@code hoist run}
   * and {@code hoist build} give by default.
   */
  BRIDGE
}

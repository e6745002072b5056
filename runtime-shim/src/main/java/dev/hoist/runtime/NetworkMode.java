package dev.hoist.runtime;

/** The container's network: its own namespace with only {@code lo}, or the host's. */
public enum NetworkMode {
  /** A new network namespace with only the loopback interface, brought up. */
  NONE,
  /** The host's network namespace (and its /etc/hosts and /etc/resolv.conf). */
  HOST
}

package dev.hoist.internal.service.list;

import dev.hoist.internal.runtime.net.PortBinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as a listing shows it (the Engine API's {@code ContainerSummary}, what
 * {@code docker ps} formats): its ID, names, the image as it was given and its ID, the command,
 * when it was made, its state ({@code running}) and status ({@code Up 3 minutes}), its published
 * ports, labels, mounts and networks; its sizes when asked for ({@code -s}), else null.
 *
 * @param health the health check's status ({@code starting}, {@code healthy}, {@code unhealthy})
 *     or {@code none} without one (what moby's {@code health} filter matches)
 * @param exitCode the last exit status, null when it never ran
 * @param startedOnce whether it ever started (moby's {@code exited} filter needs it)
 */
public record ContainerSummary(String id, List<String> names, String image, String imageId,
    String command, Instant created, String state, String status, List<PortBinding> ports,
    Map<String, String> labels, List<Mount> mounts, List<Network> networks, Long sizeRw,
    Long sizeRootFs, String health, Integer exitCode, boolean startedOnce) {

  public ContainerSummary {
    names = List.copyOf(names);
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    mounts = List.copyOf(mounts);
    networks = List.copyOf(networks);
  }

  /**
   * A mount: a volume ({@code name} set, driver {@code local}) or a bind mount (no name, no
   * driver).
   */
  public record Mount(String name, String source, String destination, String driver) {}

  /** A network the container is on: its name and ID. */
  public record Network(String name, String id) {}
}

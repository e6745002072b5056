package dev.hoist.internal.service;

import java.util.function.Supplier;

/**
 * hoist's composition root: the services over one {@link HoistContext}, made once by the
 * program (the CLI's {@code Main}, an embedder, the Engine API service) and shared by every
 * request. The services own the policies (pull on missing, prune rules, locks, name
 * resolution); the CLI's commands and the Engine API's handlers are thin adapters over them.
 *
 * <pre>{@code
 * Hoist hoist = Hoist.of(HoistContext.fromProcess().build());
 * Descriptor image = hoist.images().resolve("busybox:latest", PullPolicy.MISSING,
 *     RegistryOverrides.NONE, PullListener.NONE);
 * }</pre>
 *
 * Services are made on first use, so that a command pays only for the ones it calls.
 */
public final class Hoist {
  private final HoistContext context;
  private final Lazy<ImageService> images;
  private final Lazy<ContainerService> containers;
  private final Lazy<VolumeService> volumes;
  private final Lazy<BuildService> builds;
  private final Lazy<SystemService> system;
  private final Lazy<RegistryService> registries;
  private final Lazy<NetworkService> networks;
  private final Lazy<EventService> events;
  private final Lazy<ManifestService> manifests;
  private final Lazy<dev.hoist.internal.compose.ComposeService> compose;

  private Hoist(HoistContext context) {
    this.context = context;
    this.images = new Lazy<>(() -> new ImageService(context));
    this.containers = new Lazy<>(() -> new ContainerService(context, images()));
    this.volumes = new Lazy<>(() -> new VolumeService(context));
    this.builds = new Lazy<>(() -> new BuildService(context, images()));
    this.system = new Lazy<>(() -> new SystemService(context, images(), networks(),
        containers(), volumes()));
    this.registries = new Lazy<>(() -> new RegistryService(context, images()));
    this.networks = new Lazy<>(() -> new NetworkService(context));
    this.events = new Lazy<>(() -> new EventService(context));
    this.manifests = new Lazy<>(() -> new ManifestService(images()));
    this.compose = new Lazy<>(() -> new dev.hoist.internal.compose.ComposeService(this));
  }

  public static Hoist of(HoistContext context) {
    return new Hoist(context);
  }

  public HoistContext context() {
    return context;
  }

  public ImageService images() {
    return images.get();
  }

  public ContainerService containers() {
    return containers.get();
  }

  public VolumeService volumes() {
    return volumes.get();
  }

  public BuildService builds() {
    return builds.get();
  }

  public SystemService system() {
    return system.get();
  }

  public RegistryService registries() {
    return registries.get();
  }

  public NetworkService networks() {
    return networks.get();
  }

  public EventService events() {
    return events.get();
  }

  /** {@code hoist manifest}: manifest lists of the local store. */
  public ManifestService manifests() {
    return manifests.get();
  }

  /** {@code hoist compose}: projects over the container, network and volume services. */
  public dev.hoist.internal.compose.ComposeService compose() {
    return compose.get();
  }

  /** A value made on first use, once. */
  private static final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          if (value == null) {
            value = make.get();
          }
          v = value;
        }
      }
      return v;
    }
  }
}

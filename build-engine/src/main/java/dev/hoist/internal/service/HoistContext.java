package dev.hoist.internal.service;

import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.snapshot.LayerRecipes;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.registry.DockerConfig;
import dev.hoist.internal.registry.RegistriesFile;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.runtime.Diagnostics;
import dev.hoist.internal.runtime.MonitorCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every service works with, made once by the program ({@code Main} for the CLI, an
 * embedder, later the Engine API service): the home (the store), the environment (read once
 * here: {@code SOURCE_DATE_EPOCH}, {@code HOIST_KEEP_LAYER_BLOBS}, {@code --build-arg KEY},
 * {@code --secret env=}, a container's {@code -e NAME}, Docker's config), the registry settings (settings file and Docker's config, read on first
 * use), the clock, where diagnostics go, and the program that runs detached containers.
 * Immutable; the lazily read registry settings are read at most once.
 */
public final class HoistContext {
  private final HoistHome home;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Diagnostics diagnostics;
  private final MonitorCommand monitor;
  private final RegistryDefaults registryDefaults;
  private final DockerConfig dockerConfig;
  private final boolean keepLayerBlobs;
  private final boolean backgroundNetworkRemoval;
  private volatile RegistryOptions registry;

  /** Reads the registry settings a context starts from (the settings file, Docker's config). */
  @FunctionalInterface
  public interface RegistryDefaults {
    RegistryOptions read(HoistContext context) throws IOException;

    /**
     * hoist's: {@code ~/.config/hoist/registries.json} (or {@code HOIST_REGISTRIES}) over the
     * defaults, credentials from the context's {@link HoistContext#dockerConfig() Docker
     * config} (where its logins store them).
     */
    RegistryDefaults STANDARD = context -> RegistriesFile.apply(RegistryOptions.defaults(),
        RegistriesFile.location()).withCredentials(context.dockerConfig());
  }

  private static Path userHome() {
    return Path.of(System.getProperty("user.home"));
  }

  private HoistContext(Builder b) {
    this.home = Objects.requireNonNull(b.home, "home");
    this.environment = Map.copyOf(b.environment);
    this.clock = b.clock;
    this.diagnostics = b.diagnostics;
    this.monitor = b.monitor;
    this.registryDefaults = b.registryDefaults;
    this.dockerConfig = b.dockerConfig != null ? b.dockerConfig
        : DockerConfig.fromEnvironment(environment, userHome());
    this.keepLayerBlobs = LayerRecipes.keepBlobs(environment);
    this.backgroundNetworkRemoval = b.backgroundNetworkRemoval;
  }

  /**
   * The context of this process: the home from {@code hoist.home} / {@code HOIST_HOME} / XDG,
   * this process's environment, the system clock, warnings to {@link System.Logger}, detached
   * containers run by this JVM's class path ({@link JvmMonitorCommand#thisJvm}).
   */
  public static Builder fromProcess() {
    return builder(HoistHome.fromEnvironment()).environment(System.getenv())
        .dockerConfig(DockerConfig.fromEnvironment())
        .monitor(JvmMonitorCommand.thisJvm());
  }

  public static Builder builder(HoistHome home) {
    return new Builder(home);
  }

  public HoistHome home() {
    return home;
  }

  /** The environment the program was started with (read once, by whoever made the context). */
  public Map<String, String> environment() {
    return environment;
  }

  public Clock clock() {
    return clock;
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The home's containers, a record it cannot read told to {@link #diagnostics}. */
  public dev.hoist.internal.runtime.ContainerStore containerStore() {
    return new dev.hoist.internal.runtime.ContainerStore(home, diagnostics);
  }

  public MonitorCommand monitor() {
    return monitor;
  }

  /** This context, detached containers run by {@code monitor} (a service's steps: its own). */
  public HoistContext withMonitor(MonitorCommand monitor) {
    return builder(home).environment(environment).clock(clock).diagnostics(diagnostics)
        .monitor(monitor).registryDefaults(registryDefaults).dockerConfig(dockerConfig)
        .backgroundNetworkRemoval(backgroundNetworkRemoval).build();
  }

  /**
   * {@code SOURCE_DATE_EPOCH} of the environment, if set: the time new layers' files are
   * clamped to and new images are dated.
   *
   * @throws IllegalArgumentException when it is set but not a number of seconds
   */
  public Optional<Instant> sourceDateEpoch() {
    return LayerWriter.sourceDateEpoch(environment);
  }

  /**
   * Docker's config, where logins keep credentials: given to the builder, else
   * {@code DOCKER_CONFIG} of the environment, else {@code ~/.docker}.
   */
  public DockerConfig dockerConfig() {
    return dockerConfig;
  }

  /**
   * Whether the layers builds make keep their compressed blobs beside their snapshots
   * ({@code HOIST_KEEP_LAYER_BLOBS} of the environment set to {@code 1} or {@code true}).
   */
  public boolean keepLayerBlobs() {
    return keepLayerBlobs;
  }

  /** Whether foreground containers' networks are removed in the background (the CLI's). */
  public boolean backgroundNetworkRemoval() {
    return backgroundNetworkRemoval;
  }

  /** The registry settings before a command's own flags (read on first use, then kept). */
  public RegistryOptions registryOptions() throws IOException {
    RegistryOptions r = registry;
    if (r == null) {
      synchronized (this) {
        if (registry == null) {
          registry = registryDefaults.read(this);
        }
        r = registry;
      }
    }
    return r;
  }

  /** Builds a context; everything but the home has a default. */
  public static final class Builder {
    private final HoistHome home;
    private Map<String, String> environment = Map.of();
    private Clock clock = Clock.systemUTC();
    private Diagnostics diagnostics = Diagnostics.logger();
    private MonitorCommand monitor = MonitorCommand.NONE;
    private RegistryDefaults registryDefaults = RegistryDefaults.STANDARD;
    private DockerConfig dockerConfig;
    private boolean backgroundNetworkRemoval;

    private Builder(HoistHome home) {
      this.home = home;
    }

    /** Default: empty (no {@code SOURCE_DATE_EPOCH}, no host values for {@code -e NAME}). */
    public Builder environment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Default: {@link Diagnostics#logger()}. */
    public Builder diagnostics(Diagnostics diagnostics) {
      this.diagnostics = diagnostics;
      return this;
    }

    /** Default: none (detached containers refused). */
    public Builder monitor(MonitorCommand monitor) {
      this.monitor = monitor;
      return this;
    }

    /** Default: {@link RegistryDefaults#STANDARD}. */
    public Builder registryDefaults(RegistryDefaults defaults) {
      this.registryDefaults = defaults;
      return this;
    }

    /** Default: {@code DOCKER_CONFIG} of the environment, else {@code ~/.docker}. */
    public Builder dockerConfig(DockerConfig config) {
      this.dockerConfig = config;
      return this;
    }

    /**
     * Default false: a foreground container's network namespace and veth are gone when
     * {@code runAttached} returns. True for a program that exits right after (the CLI): their
     * removal (the kernel's part takes ~10-20 ms) finishes in a process of its own, which
     * releases the container's address once they are gone ({@code Launcher#LOCAL_THEN_EXIT}).
     */
    public Builder backgroundNetworkRemoval(boolean background) {
      this.backgroundNetworkRemoval = background;
      return this;
    }

    public HoistContext build() {
      return new HoistContext(this);
    }
  }
}

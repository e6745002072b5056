package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code config} object of an image config: how to run a container from the image. Field
 * names are Docker's capitalised ones. Absent ({@code null}) and empty are kept apart, because
 * they differ for {@code Entrypoint} and {@code Cmd} (e.g. {@code CMD []}). {@code ExposedPorts}
 * and {@code Volumes} are sets written the Go way, {@code {"80/tcp": {}}}. Docker-only fields
 * such as {@code Hostname}, {@code Image} or {@code AttachStdin} are kept in
 * {@link #unknownFields()}. Change one with {@link #toBuilder()}.
 *
 * @param user {@code User}: the user (name or UID, optionally {@code :group}) the process runs as
 * @param exposedPorts {@code ExposedPorts}: ports such as {@code 80/tcp}
 * @param env {@code Env}: {@code NAME=value} entries
 * @param entrypoint {@code Entrypoint}: the program and its first arguments
 * @param cmd {@code Cmd}: the default arguments (or command, without an entrypoint)
 * @param volumes {@code Volumes}: paths that are volumes
 * @param workingDir {@code WorkingDir}: the working directory
 * @param labels {@code Labels}: the image's labels
 * @param stopSignal {@code StopSignal}: the signal that stops a container
 * @param healthcheck {@code Healthcheck}: how to test that a container works
 * @param shell {@code Shell}: the shell of shell-form instructions
 * @param onBuild {@code OnBuild}: the ONBUILD triggers, as written
 * @param argsEscaped {@code ArgsEscaped}: Windows-only, kept as read
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record ContainerConfig(
    @JsonProperty("User") String user,
    @JsonProperty("ExposedPorts")
    @JsonSerialize(using = KeySetJson.Serializer.class)
    @JsonDeserialize(using = KeySetJson.Deserializer.class)
    Set<String> exposedPorts,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Volumes")
    @JsonSerialize(using = KeySetJson.Serializer.class)
    @JsonDeserialize(using = KeySetJson.Deserializer.class)
    Set<String> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") String stopSignal,
    @JsonProperty("Healthcheck") Healthcheck healthcheck,
    @JsonProperty("Shell") List<String> shell,
    @JsonProperty("OnBuild") List<String> onBuild,
    @JsonProperty("ArgsEscaped") Boolean argsEscaped,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /** A config with nothing set. */
  public static final ContainerConfig EMPTY = builder().build();

  /**
   * Copies the collections, keeping null as null.
   *
   * @param user {@code User}: the user (name or UID, optionally {@code :group}) the process runs as
   * @param exposedPorts {@code ExposedPorts}: ports such as {@code 80/tcp}
   * @param env {@code Env}: {@code NAME=value} entries
   * @param entrypoint {@code Entrypoint}: the program and its first arguments
   * @param cmd {@code Cmd}: the default arguments (or command, without an entrypoint)
   * @param volumes {@code Volumes}: paths that are volumes
   * @param workingDir {@code WorkingDir}: the working directory
   * @param labels {@code Labels}: the image's labels
   * @param stopSignal {@code StopSignal}: the signal that stops a container
   * @param healthcheck {@code Healthcheck}: how to test that a container works
   * @param shell {@code Shell}: the shell of shell-form instructions
   * @param onBuild {@code OnBuild}: the ONBUILD triggers, as written
   * @param argsEscaped {@code ArgsEscaped}: Windows-only, kept as read
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public ContainerConfig {
    exposedPorts = Copies.set(exposedPorts);
    env = Copies.list(env);
    entrypoint = Copies.list(entrypoint);
    cmd = Copies.list(cmd);
    volumes = Copies.set(volumes);
    labels = Copies.map(labels);
    shell = Copies.list(shell);
    onBuild = Copies.list(onBuild);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.user = user;
    b.exposedPorts = exposedPorts;
    b.env = env;
    b.entrypoint = entrypoint;
    b.cmd = cmd;
    b.volumes = volumes;
    b.workingDir = workingDir;
    b.labels = labels;
    b.stopSignal = stopSignal;
    b.healthcheck = healthcheck;
    b.shell = shell;
    b.onBuild = onBuild;
    b.argsEscaped = argsEscaped;
    b.unknownFields = unknownFields;
    return b;
  }

  /** Builds a {@link ContainerConfig}; the setters take null for "absent". */
  public static final class Builder {
    private String user;
    private Set<String> exposedPorts;
    private List<String> env;
    private List<String> entrypoint;
    private List<String> cmd;
    private Set<String> volumes;
    private String workingDir;
    private Map<String, String> labels;
    private String stopSignal;
    private Healthcheck healthcheck;
    private List<String> shell;
    private List<String> onBuild;
    private Boolean argsEscaped;
    private Map<String, JsonNode> unknownFields;

    private Builder() {}

    /**
     * Sets {@code User}.
     *
     * @param user the user, or null
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Sets {@code ExposedPorts}.
     *
     * @param exposedPorts the ports, or null
     * @return this builder
     */
    public Builder exposedPorts(Set<String> exposedPorts) {
      this.exposedPorts = exposedPorts;
      return this;
    }

    /**
     * Sets {@code Env}.
     *
     * @param env the {@code NAME=value} entries, or null
     * @return this builder
     */
    public Builder env(List<String> env) {
      this.env = env;
      return this;
    }

    /**
     * Sets {@code Entrypoint}.
     *
     * @param entrypoint the entrypoint, or null
     * @return this builder
     */
    public Builder entrypoint(List<String> entrypoint) {
      this.entrypoint = entrypoint;
      return this;
    }

    /**
     * Sets {@code Cmd}.
     *
     * @param cmd the command, or null
     * @return this builder
     */
    public Builder cmd(List<String> cmd) {
      this.cmd = cmd;
      return this;
    }

    /**
     * Sets {@code Volumes}.
     *
     * @param volumes the volume paths, or null
     * @return this builder
     */
    public Builder volumes(Set<String> volumes) {
      this.volumes = volumes;
      return this;
    }

    /**
     * Sets {@code WorkingDir}.
     *
     * @param workingDir the directory, or null
     * @return this builder
     */
    public Builder workingDir(String workingDir) {
      this.workingDir = workingDir;
      return this;
    }

    /**
     * Sets {@code Labels}.
     *
     * @param labels the labels, or null
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Sets {@code StopSignal}.
     *
     * @param stopSignal the signal, or null
     * @return this builder
     */
    public Builder stopSignal(String stopSignal) {
      this.stopSignal = stopSignal;
      return this;
    }

    /**
     * Sets {@code Healthcheck}.
     *
     * @param healthcheck the health check, or null
     * @return this builder
     */
    public Builder healthcheck(Healthcheck healthcheck) {
      this.healthcheck = healthcheck;
      return this;
    }

    /**
     * Sets {@code Shell}.
     *
     * @param shell the shell, or null
     * @return this builder
     */
    public Builder shell(List<String> shell) {
      this.shell = shell;
      return this;
    }

    /**
     * Sets {@code OnBuild}.
     *
     * @param onBuild the triggers, or null
     * @return this builder
     */
    public Builder onBuild(List<String> onBuild) {
      this.onBuild = onBuild;
      return this;
    }

    /**
     * Sets {@code ArgsEscaped}.
     *
     * @param argsEscaped the flag, or null
     * @return this builder
     */
    public Builder argsEscaped(Boolean argsEscaped) {
      this.argsEscaped = argsEscaped;
      return this;
    }

    /**
     * Sets the members the model does not know.
     *
     * @param unknownFields the members, or null
     * @return this builder
     */
    public Builder unknownFields(Map<String, JsonNode> unknownFields) {
      this.unknownFields = unknownFields;
      return this;
    }

    /**
     * Sets {@code name=value} in Env, replacing an earlier value of name in place (as ENV).
     *
     * @param name the variable's name
     * @param value its value
     * @return this builder
     */
    public Builder envVar(String name, String value) {
      List<String> next = env == null ? new ArrayList<>() : new ArrayList<>(env);
      String entry = name + "=" + value;
      int at = -1;
      for (int i = 0; i < next.size() && at < 0; i++) {
        String e = next.get(i);
        if (e != null && (e.equals(name) || e.startsWith(name + "="))) {
          at = i;
        }
      }
      if (at >= 0) {
        next.set(at, entry);
      } else {
        next.add(entry);
      }
      env = next;
      return this;
    }

    /**
     * Sets one label (as LABEL).
     *
     * @param key the label's key
     * @param value its value
     * @return this builder
     */
    public Builder label(String key, String value) {
      Map<String, String> next = labels == null ? new TreeMap<>() : new TreeMap<>(labels);
      next.put(key, value);
      labels = next;
      return this;
    }

    /**
     * Adds an exposed port such as {@code 80/tcp} (as EXPOSE).
     *
     * @param port the port
     * @return this builder
     */
    public Builder exposedPort(String port) {
      Set<String> next = exposedPorts == null ? new TreeSet<>() : new TreeSet<>(exposedPorts);
      next.add(port);
      exposedPorts = next;
      return this;
    }

    /**
     * Adds a volume path (as VOLUME).
     *
     * @param path the path inside the container
     * @return this builder
     */
    public Builder volume(String path) {
      Set<String> next = volumes == null ? new TreeSet<>() : new TreeSet<>(volumes);
      next.add(path);
      volumes = next;
      return this;
    }

    /**
     * The config with the values set.
     *
     * @return the config
     */
    public ContainerConfig build() {
      return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir,
          labels, stopSignal, healthcheck, shell, onBuild, argsEscaped, unknownFields);
    }
  }
}

package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Healthcheck;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's {@code ContainerConfig} (the Engine API's definition of that name): the {@code Config}
 * of an image's inspect and of a container's. Fields Docker always prints are always here (null
 * where Go prints {@code null}); those Go omits when empty are omitted when null.
 *
 * @param exposedPorts {@code "80/tcp"} to an empty object
 * @param volumes mount point paths to an empty object
 */
public record RunConfig(
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("Domainname") String domainname,
    @JsonProperty("User") String user,
    @JsonProperty("AttachStdin") boolean attachStdin,
    @JsonProperty("AttachStdout") boolean attachStdout,
    @JsonProperty("AttachStderr") boolean attachStderr,
    @JsonProperty("ExposedPorts") @JsonInclude(Include.NON_NULL)
    Map<String, Map<String, String>> exposedPorts,
    @JsonProperty("Tty") boolean tty,
    @JsonProperty("OpenStdin") boolean openStdin,
    @JsonProperty("StdinOnce") boolean stdinOnce,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Healthcheck") @JsonInclude(Include.NON_NULL) Healthcheck healthcheck,
    @JsonProperty("ArgsEscaped") @JsonInclude(Include.NON_NULL) Boolean argsEscaped,
    @JsonProperty("Image") String image,
    @JsonProperty("Volumes") Map<String, Map<String, String>> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("OnBuild") List<String> onBuild,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") @JsonInclude(Include.NON_NULL) String stopSignal,
    @JsonProperty("StopTimeout") @JsonInclude(Include.NON_NULL) Integer stopTimeout,
    @JsonProperty("Shell") @JsonInclude(Include.NON_NULL) List<String> shell) {

  /**
   * An image's config as its inspect shows it: what the image's config holds, the fields that
   * describe a container (host name, streams, terminal) empty.
   */
  public static RunConfig ofImage(ContainerConfig c) {
    return new RunConfig("", "", nullToEmpty(c.user()), false, false, false,
        keySet(c.exposedPorts()), false, false, false, c.env(), c.cmd(), c.healthcheck(),
        c.argsEscaped(), "", keySet(c.volumes()), nullToEmpty(c.workingDir()), c.entrypoint(),
        c.onBuild(), c.labels(), c.stopSignal(), null, c.shell());
  }

  /** {@code keys} each to an empty object, as Docker's port and volume sets print; null: null. */
  static Map<String, Map<String, String>> keySet(Collection<String> keys) {
    if (keys == null) {
      return null;
    }
    Map<String, Map<String, String>> set = new TreeMap<>();
    keys.forEach(k -> set.put(k, Map.of()));
    return set;
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

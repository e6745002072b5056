package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.TmpfsMount;
import dev.hoist.internal.service.ImageDetails;
import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.NetworkEndpoint;
import dev.hoist.internal.service.NetworkService;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist inspect NAME…}: containers (state, config, mounts, limits) and images (manifest
 * and config) as JSON; a name is looked up as a container first, as {@code docker inspect} does.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show containers or images as JSON.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER|IMAGE", arity = "1..*") List<String> references;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "Format the output: 'json', or a Go template run over each object.")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageService images = Cli.hoist(spec).images();
    ContainerStore containers = ContainerCli.containers(spec).containers().store();
    ArrayNode result = CanonicalJson.mapper().createArrayNode();
    for (String reference : references) {
      Optional<ContainerState> container;
      try {
        container = containers.find(reference);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      if (container.isPresent()) {
        container(result.addObject(), container.get(), containers, Cli.hoist(spec).networks());
        continue;
      }
      image(result.addObject(), images.inspect(reference));
    }
    if (format == null || format.isEmpty()) {
      spec.commandLine().getOut().println(CanonicalJson.pretty(result));
    } else {
      InspectFormat.print(spec.commandLine().getOut(), result, format);
    }
    return 0;
  }

  private static void image(ObjectNode node, ImageDetails details) {
    LocalImage image = details.image();
    node.put("Id", image.id());
    ArrayNode tags = node.putArray("RepoTags");
    details.repoTags().forEach(tags::add);
    node.put("ManifestDigest", image.manifestDescriptor().digest().toString());
    node.put("ManifestMediaType", image.manifestDescriptor().mediaType());
    node.put("Size", image.size());
    node.set("Manifest", CanonicalJson.mapper().valueToTree(image.manifest()));
    node.set("Config", CanonicalJson.mapper().valueToTree(image.config()));
  }

  /** The fields of {@code docker inspect CONTAINER} that hoist has. */
  private static void container(ObjectNode node, ContainerState c, ContainerStore store,
      NetworkService networks) throws IOException {
    ContainerSpec s = c.spec();
    node.put("Id", c.id());
    node.put("Created", c.created());
    node.put("Path", s.argv().get(0));
    ArrayNode args = node.putArray("Args");
    s.argv().subList(1, s.argv().size()).forEach(args::add);
    ObjectNode state = node.putObject("State");
    state.put("Status", c.status().word());
    state.put("Running", c.isActive());
    state.put("Paused", c.status() == ContainerState.Status.PAUSED);
    state.put("Pid", c.isActive() ? c.pid() : 0);
    state.put("ExitCode", c.exitCode() == null ? 0 : c.exitCode());
    state.put("StartedAt", c.startedAt() == null ? "0001-01-01T00:00:00Z" : c.startedAt());
    state.put("FinishedAt", c.finishedAt() == null ? "0001-01-01T00:00:00Z" : c.finishedAt());
    node.put("Image", c.imageId());
    node.put("Name", "/" + c.name());
    node.put("LogPath", c.detached() ? store.logFile(c.id()).toString() : "");
    node.put("Runtime", c.runtime());
    ObjectNode config = node.putObject("Config");
    config.put("Hostname", s.hostname());
    config.put("User", s.uid() + ":" + s.gid());
    config.put("Tty", s.tty());
    ArrayNode env = config.putArray("Env");
    s.env().forEach(env::add);
    ArrayNode cmd = config.putArray("Cmd");
    s.argv().forEach(cmd::add);
    config.put("Image", c.image());
    config.put("WorkingDir", s.cwd());
    if (c.stopSignal() != null) {
      config.put("StopSignal", c.stopSignal());
    }
    ObjectNode host = node.putObject("HostConfig");
    host.put("AutoRemove", c.autoRemove());
    List<NetworkEndpoint> endpoints = networks.endpoints(c);
    NetworkView.hostConfig(host, s, endpoints);
    host.put("ReadonlyRootfs", s.readonlyRootfs());
    s.seccomp().securityOpt().ifPresent(o -> host.putArray("SecurityOpt").add(o));
    host.put("Memory", s.resources().memoryBytes());
    host.put("NanoCpus", s.resources().nanoCpus());
    host.put("PidsLimit", s.resources().pidsLimit());
    NetworkView.settings(node.putObject("NetworkSettings"), store, c, endpoints);
    ArrayNode mounts = node.putArray("Mounts");
    for (BindMount m : s.mounts()) {
      ObjectNode mount = mounts.addObject();
      String volume = volumeName(m, c);
      mount.put("Type", volume == null ? "bind" : "volume");
      if (volume != null) {
        mount.put("Name", volume);
      }
      mount.put("Source", m.source().toString());
      mount.put("Destination", m.target());
      mount.put("RW", !m.readOnly());
    }
    for (TmpfsMount t : s.tmpfs()) {
      ObjectNode mount = mounts.addObject();
      mount.put("Type", "tmpfs");
      mount.put("Destination", t.target());
      mount.put("RW", true);
    }
    ObjectNode driver = node.putObject("GraphDriver");
    driver.put("Name", "overlay2");
    ObjectNode data = driver.putObject("Data");
    data.put("LowerDir", String.join(":", s.lowerDirs().stream().map(Object::toString).toList()));
    data.put("UpperDir", s.upperDir().toString());
    data.put("WorkDir", s.workDir().toString());
    data.put("MergedDir", s.rootfsDir().toString());
  }

  private static String volumeName(BindMount m, ContainerState c) {
    for (String name : c.volumes()) {
      if (m.source().getParent() != null
          && m.source().getParent().getFileName().toString().equals(name)
          && m.source().getFileName().toString().equals("_data")) {
        return name;
      }
    }
    return null;
  }
}

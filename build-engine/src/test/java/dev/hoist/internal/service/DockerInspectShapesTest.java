package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.MonitorCommand;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.service.docker.ContainerInspect;
import dev.hoist.internal.service.docker.DockerShapeFacts;
import dev.hoist.internal.service.docker.DockerTime;
import dev.hoist.internal.service.docker.ImageInspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' inspect shapes against Docker's (the Engine API's definitions, recorded in the
 * test resource {@code docker-api/inspect-shapes.json}): a real image with a full run config, real
 * containers created and run by hoist's shim, volumes and networks of a real store.
 */
class DockerInspectShapesTest {
  private static final String RFC3339_NANO =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?Z";

  @TempDir Path dir;

  private final DockerShapeFacts facts = DockerShapeFacts.load();

  private static final ContainerConfig FULL = ContainerConfig.builder()
      .user("nobody")
      .env(List.of("PATH=/bin", "GREETING=hello"))
      .entrypoint(List.of("/bin/sh", "-c"))
      .cmd(List.of("echo \"$GREETING\" > /out; head -c 1000 /dev/zero > /written"))
      .exposedPorts(Set.of("80/tcp", "53/udp"))
      .volumes(Set.of("/data"))
      .workingDir("/srv")
      .labels(Map.of("org.example.role", "test"))
      .stopSignal("SIGQUIT")
      .healthcheck(new Healthcheck(List.of("CMD", "true"), 30_000_000_000L, null, null, null, 3,
          null))
      .onBuild(List.of("RUN true"))
      .build();

  private JsonNode json(Object shape) {
    return CanonicalJson.mapper().valueToTree(shape);
  }

  private void assertShape(String shape, Object value) {
    JsonNode node = json(value);
    assertEquals(List.of(), facts.problems(shape, node), node.toPrettyString());
  }

  @Test
  void anImageIsDockersImageInspectWithItsRunConfigAtConfig() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor manifest = withConfig(home, "cfg:1", FULL);
    ImageInspect image = home.hoist.images().dockerInspect("cfg:1");
    assertShape("ImageInspect", image);
    JsonNode node = json(image);
    // the fields a Docker user reads, where Docker has them (not under .Config.config)
    assertEquals("[\"PATH=/bin\",\"GREETING=hello\"]", node.at("/Config/Env").toString());
    assertEquals("[\"/bin/sh\",\"-c\"]", node.at("/Config/Entrypoint").toString());
    assertEquals(1, node.at("/Config/Cmd").size());
    assertEquals("{\"53/udp\":{},\"80/tcp\":{}}", node.at("/Config/ExposedPorts").toString());
    assertEquals("{\"/data\":{}}", node.at("/Config/Volumes").toString());
    assertEquals("SIGQUIT", node.at("/Config/StopSignal").asText());
    assertEquals("[\"CMD\",\"true\"]", node.at("/Config/Healthcheck/Test").toString());
    assertEquals("nobody", node.at("/Config/User").asText());
    assertEquals("/srv", node.at("/Config/WorkingDir").asText());
    assertEquals("test", node.at("/Config/Labels/org.example.role").asText());
    assertTrue(image.id().matches("sha256:[0-9a-f]{64}"), image.id());
    assertEquals(List.of("cfg:1"), image.repoTags());
    assertEquals(List.of("cfg@" + manifest.digest()), image.repoDigests());
    assertTrue(image.created().matches(RFC3339_NANO), image.created());
    assertEquals("layers", image.rootFs().type());
    ImageConfig config = new ImageReader(home.hoist.images().store().blobs())
        .image(manifest, dev.hoist.cache.model.Platform.host()).config();
    assertEquals(config.diffIds().stream().map(Object::toString).toList(),
        image.rootFs().layers());
    assertEquals("overlay2", image.graphDriver().name());
    assertTrue(image.graphDriver().data().get("UpperDir").contains(
        config.diffIds().get(config.diffIds().size() - 1).hex()), image.graphDriver().data()
        .toString());
    assertEquals(manifest.digest(), image.descriptor().digest());
  }

  @Test
  void aContainerIsDockersContainerInspectWithEntrypointAndCmdApart() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    withConfig(home, "cfg:1", FULL.toBuilder().user(null).build());
    Path bound = Files.createDirectories(dir.resolve("bound"));
    RunOptions options = RunOptions.builder("cfg:1").name("shaped")
        .mounts(List.of(MountRequest.parseVolume(bound + ":/bound:ro"),
            MountRequest.parseVolume("named:/named")))
        .resources(new Resources(64L << 20, 500_000_000L, 50)).interactive(true)
        .build();
    ContainerState c = home.hoist.containers().create(options, PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE);

    ContainerInspect created = home.hoist.containers().dockerInspect("shaped", false);
    assertShape("ContainerInspectResponse", created);
    JsonNode node = json(created);
    assertEquals("[\"/bin/sh\",\"-c\"]", node.at("/Config/Entrypoint").toString());
    assertEquals("[\"" + FULL.cmd().get(0).replace("\"", "\\\"") + "\"]",
        node.at("/Config/Cmd").toString());
    assertEquals("/bin/sh", created.path());
    assertEquals(List.of("-c", FULL.cmd().get(0)), created.args());
    assertEquals("created", created.state().status());
    assertFalse(created.state().running());
    assertEquals(DockerTime.ZERO, created.state().startedAt());
    assertEquals(DockerTime.ZERO, created.state().finishedAt());
    assertNull(created.state().health());
    assertEquals("/shaped", created.name());
    assertTrue(created.created().matches(RFC3339_NANO), created.created());
    assertEquals(c.imageId(), created.image());
    assertTrue(created.config().openStdin(), "-i is Config.OpenStdin");
    assertEquals("", created.config().user(), "root: empty, as Docker's");
    assertEquals("cfg:1", created.config().image());
    assertEquals(Set.of("53/udp", "80/tcp"), created.config().exposedPorts().keySet());
    assertEquals(Map.of("org.example.role", "test"), created.config().labels());
    // the run options as Docker names them
    ContainerInspect.HostConfig host = created.hostConfig();
    assertEquals(List.of(bound + ":/bound:ro", "named:/named"), host.binds());
    assertEquals("none", host.networkMode());
    assertEquals(64L << 20, host.memory());
    assertEquals(500_000_000L, host.nanoCpus());
    assertEquals(50L, host.pidsLimit());
    assertEquals("no", host.restartPolicy().name());
    assertEquals("hoist", host.runtime());
    // mounts: the bind, the named volume, the image's VOLUME as an anonymous volume
    assertEquals(3, created.mounts().size(), created.mounts().toString());
    ContainerInspect.MountPoint bind = created.mounts().get(0);
    assertEquals(List.of("bind", bound.toString(), "/bound", "false"),
        List.of(bind.type(), bind.source(), bind.destination(), String.valueOf(bind.rw())));
    ContainerInspect.MountPoint named = created.mounts().get(1);
    assertEquals(List.of("volume", "named", "/named", "local"),
        List.of(named.type(), named.name(), named.destination(), named.driver()));
    assertEquals("/data", created.mounts().get(2).destination());

    int code = home.hoist.containers().runAttached(c, Stdio.pipes(), p -> { });
    assertEquals(0, code);
    ContainerInspect exited = home.hoist.containers().dockerInspect(c.id(), true);
    assertShape("ContainerInspectResponse", exited);
    assertEquals("exited", exited.state().status());
    assertEquals(0, exited.state().exitCode());
    assertEquals(0, exited.state().pid());
    assertTrue(exited.state().startedAt().matches(RFC3339_NANO), exited.state().startedAt());
    assertTrue(exited.state().finishedAt().matches(RFC3339_NANO), exited.state().finishedAt());
    assertNotEquals(DockerTime.ZERO, exited.state().finishedAt());
    // -s: the 1000 bytes written (and /out) are the container's; its root adds busybox's
    assertTrue(exited.sizeRw() >= 1000 && exited.sizeRw() < 100_000, exited.sizeRw() + "");
    assertTrue(exited.sizeRootFs() > exited.sizeRw() + 500_000, exited.sizeRootFs() + "");
    assertNull(created.sizeRw(), "without -s there are no sizes");
    assertTrue(Files.isDirectory(Path.of(exited.graphDriver().data().get("UpperDir"))));
  }

  @Test
  void aContainerRecordedBeforeEntrypointAndCmdWereKeptApartIsStillRead() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    withConfig(home, "cfg:1", FULL);
    ContainerState c = home.hoist.containers().create(ServiceHome.run("cfg:1", List.of(),
        "extra", "args"), PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    assertEquals("nobody", home.hoist.containers().dockerInspect(c.id(), false).config().user(),
        "the image's USER as written");
    Path state = home.hoist.containers().containers().store().dir(c.id()).resolve("state.json");
    ObjectNode old = (ObjectNode) CanonicalJson.mapper().readTree(state.toFile());
    assertTrue(old.has("config"), old.toString());
    old.remove("config"); // as hoist wrote it before
    Files.write(state, CanonicalJson.mapper().writeValueAsBytes(old));

    ContainerInspect shape = home.hoist.containers().dockerInspect(c.id(), false);
    assertShape("ContainerInspectResponse", shape);
    assertEquals(List.of("/bin/sh", "-c"), shape.config().entrypoint());
    assertEquals(List.of("extra", "args"), shape.config().cmd());
    assertEquals("/bin/sh", shape.path());
  }

  @Test
  void volumesAndNetworksAreDockersVolumeAndNetwork() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.hoist.volumes().create("vol");
    assertShape("Volume", home.hoist.volumes().dockerInspect("vol", false));
    var withUsage = home.hoist.volumes().dockerInspect("vol", true);
    assertShape("Volume", withUsage);
    assertEquals(0, withUsage.usageData().refCount());
    assertTrue(withUsage.createdAt().matches(RFC3339_NANO), withUsage.createdAt());
    for (String predefined : List.of("host", "none")) {
      assertShape("Network", home.hoist.networks().dockerInspect(predefined));
    }
    assertShape("Network", home.hoist.networks().dockerInspect("bridge"));
    ServiceHome.assumeContainers(); // a user network makes its bridge
    var created = home.hoist.networks().create(new NetworkStore.Request("shapes", null, null,
        false, Map.of("k", "v"), null));
    try {
      var network = home.hoist.networks().dockerInspect("shapes");
      assertShape("Network", network);
      assertEquals(created.subnet(), network.ipam().config().get(0).subnet());
      assertEquals(Map.of("k", "v"), network.labels());
      assertTrue(network.created().matches(RFC3339_NANO), network.created());
    } finally {
      home.hoist.networks().remove("shapes");
    }
  }

  /** Imports busybox as {@code name} with {@code config} as its run config. */
  private static Descriptor withConfig(ServiceHome home, String name, ContainerConfig config)
      throws Exception {
    Descriptor imported = home.importBusybox(name, "cfg");
    ImageStore store = home.hoist.images().store();
    ImageReader reader = new ImageReader(store.blobs());
    ImageManifest manifest = reader.manifest(imported.digest());
    ImageConfig withConfig = reader.config(manifest.config().digest()).withConfig(config);
    byte[] configBytes = CanonicalJson.write(withConfig);
    store.blobs().put(configBytes);
    byte[] manifestBytes = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
        Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes), manifest.layers()));
    store.blobs().put(manifestBytes);
    Descriptor descriptor = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
    store.tag(ImageName.parse(name), descriptor);
    return descriptor;
  }
}

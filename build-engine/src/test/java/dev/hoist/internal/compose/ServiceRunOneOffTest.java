package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.runtime.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compose run}'s one-off container as {@link ServiceRun#oneOff} makes it from the
 * service's (no container is started): its capabilities through the one check of confinement
 * options, its {@code -e KEY} from the project's environment.
 */
class ServiceRunOneOffTest {
  @TempDir Path dir;

  private ComposeProject load(String yaml, String dotEnv, Map<String, String> env)
      throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), yaml);
    Files.writeString(dir.resolve(".env"), dotEnv);
    return new ProjectLoader(new ProjectOptions(List.of(), null, null, List.of(), List.of(),
        dir, env, true)).load();
  }

  private static OneOffRequest request(List<String> env, List<String> capAdd,
      List<String> capDrop) {
    return new OneOffRequest("a", List.of(), null, env, null, null, null, List.of(), false,
        false, true, true, false, false, List.of(), Map.of(), capAdd, capDrop);
  }

  private static ServiceRun oneOff(ComposeProject p, OneOffRequest request) {
    ServiceConfig a = p.service("a");
    return ServiceRun.of(p, a, 1, "x-a-1", Map.of()).oneOff(p, a, request, "x-a-run", "slug");
  }

  @Test
  void capabilitiesAreAddedToTheServicesAndCheckedAsRunsAre() throws Exception {
    ComposeProject p = load("""
        services:
          a:
            image: busybox:test
            cap_add: [NET_ADMIN]
            cap_drop: [MKNOD]
            stop_signal: SIGINT
            shm_size: 128m
            init: true
        """, "", Map.of());
    HostOptions service = ServiceRun.of(p, p.service("a"), 1, "x-a-1", Map.of()).options()
        .host();
    HostOptions host = oneOff(p, request(List.of(), List.of("SYS_TIME"), List.of("NET_RAW")))
        .options().host();
    assertEquals(List.of("NET_ADMIN", "SYS_TIME"), host.capAdd());
    assertEquals(List.of("MKNOD", "NET_RAW"), host.capDrop());
    assertEquals(service.toBuilder().capAdd(host.capAdd()).capDrop(host.capDrop()).build(), host,
        "every other option the service's");
    assertEquals(service, oneOff(p, request(List.of(), List.of(), List.of())).options().host());

    String refused = assertThrows(ComposeException.class,
        () -> oneOff(p, request(List.of(), List.of("FLY"), List.of()))).getMessage();
    assertTrue(refused.startsWith("run --cap-add/--cap-drop: ") && refused.contains("FLY"),
        refused);
  }

  /**
   * {@code -e KEY} takes the project's value (the process environment over {@code .env}), as
   * Compose v2's {@code run}; a key the project lacks leaves the service's value, and hoist's
   * own environment is never read.
   */
  @Test
  void aKeyGivenAloneTakesTheProjectsValueDotEnvIncluded() throws Exception {
    ComposeProject p = load("""
        services:
          a:
            image: busybox:test
            environment: {KEPT: from-service, OVER: from-service}
        """, "FROM_DOTENV=dotenv\nWINS=dotenv\n", Map.of("WINS", "process"));
    String hoistsOwn = System.getenv().containsKey("PATH") ? "PATH" : "HOME";
    List<String> env = oneOff(p, request(List.of("FROM_DOTENV", "WINS", "KEPT", hoistsOwn,
        "OVER=given", "EMPTY="), List.of(), List.of())).options().env();
    assertEquals(List.of("KEPT=from-service", "OVER=from-service", "FROM_DOTENV=dotenv",
        "WINS=process", "OVER=given", "EMPTY="), env);
  }
}

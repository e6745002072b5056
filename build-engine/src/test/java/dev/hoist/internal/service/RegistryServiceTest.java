package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins as service calls against the real registry process with basic auth: credentials are
 * checked before they are stored, and stored in the Docker config the context's environment
 * names ({@code DOCKER_CONFIG}), not the process's.
 */
class RegistryServiceTest {
  @TempDir Path dir;

  @Test
  void aLoginIsCheckedThenStoredInTheContextsDockerConfigAndALogoutRemovesIt() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.startWithBasicAuth(
        Map.of("alice", "s3cret"))) {
      Path docker = dir.resolve("docker");
      ServiceHome home = new ServiceHome(dir.resolve("home"),
          Map.of("DOCKER_CONFIG", docker.toString()), MonitorCommand.NONE);
      RegistryService registries = home.hoist.registries();

      assertThrows(RegistryException.class, () -> registries.login(registry.host(), "alice",
          "wrong", RegistryOverrides.NONE));
      assertFalse(Files.exists(docker.resolve("config.json")), "refused credentials stored");

      RegistryService.Login login = registries.login(registry.host(), " alice ", "s3cret",
          RegistryOverrides.NONE);
      Path config = docker.resolve("config.json");
      assertEquals(config.toString(), login.storedBy());
      assertTrue(login.unencrypted());
      assertTrue(Files.readString(config).contains(registry.host()), Files.readString(config));

      assertTrue(registries.logout(registry.host()));
      assertFalse(registries.logout(registry.host()), "a second logout finds nothing");
    }
  }

  @Test
  void anEmptyUserNameOrPasswordIsRefusedBeforeAnyRegistryIsReached() {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    for (String[] pair : new String[][] {{" ", "p"}, {"u", ""}, {null, "p"}}) {
      // port 1: nothing listens there, so reaching it would fail otherwise
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> home.hoist.registries().login("127.0.0.1:1", pair[0], pair[1],
              RegistryOverrides.NONE));
      assertEquals("user name and password must not be empty", e.getMessage());
    }
  }
}

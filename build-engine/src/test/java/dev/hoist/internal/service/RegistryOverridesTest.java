package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoist.internal.registry.CredentialSource;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.RegistryOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request's own credentials ({@code X-Registry-Auth}) over the context's source. */
class RegistryOverridesTest {
  private static final Credentials CONFIGURED = new Credentials("configured", "c");
  private static final Credentials GIVEN = new Credentials("given", "g");

  private static RegistryOptions base() {
    return RegistryOptions.defaults().withCredentials(registry -> Optional.of(CONFIGURED));
  }

  @Test
  void givenCredentialsWinForTheirRegistryOnly() throws Exception {
    CredentialSource source = RegistryOverrides.NONE
        .withCredentials("http://127.0.0.1:5000/v1/", GIVEN).applyTo(base()).credentials();
    assertEquals(Optional.of(GIVEN), source.lookup("127.0.0.1:5000"), "a URL is its host");
    assertEquals(Optional.of(CONFIGURED), source.lookup("127.0.0.1:5001"));
  }

  @Test
  void withoutCredentialsTheContextsSourceIsKept() throws Exception {
    RegistryOverrides plain = new RegistryOverrides(List.of("127.0.0.1:5000"), List.of());
    assertEquals(Optional.of(CONFIGURED),
        plain.applyTo(base()).credentials().lookup("127.0.0.1:5000"));
    assertThrows(IllegalArgumentException.class,
        () -> RegistryOverrides.NONE.withCredentials("  ", GIVEN));
  }
}

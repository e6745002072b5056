package dev.hoist.internal.registry;

import java.io.IOException;
import java.util.Optional;

/** Where the credentials for a registry come from (Docker's config, a fixed map, nowhere). */
@FunctionalInterface
public interface CredentialSource {
  /** No credentials for any registry: anonymous access only. */
  CredentialSource ANONYMOUS = registry -> Optional.empty();

  /** The credentials for {@code registry} ({@code host[:port]}), if any. */
  Optional<Credentials> lookup(String registry) throws IOException;

  /** {@code credentials} for {@code registry}, this source for every other. */
  default CredentialSource with(String registry, Credentials credentials) {
    CredentialSource rest = this;
    return r -> r.equals(registry) ? Optional.of(credentials) : rest.lookup(r);
  }
}

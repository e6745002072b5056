package dev.hoist.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry. The secret is a password, or with {@link
 * #IDENTITY_TOKEN_USER} an OAuth2 refresh token. {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String secret) {
  /** The user name Docker's config uses for an {@code identitytoken}. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  public boolean isIdentityToken() {
    return IDENTITY_TOKEN_USER.equals(username);
  }

  /** The value of an {@code Authorization: Basic} header. */
  String basicHeader() {
    return "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", secret hidden]";
  }
}

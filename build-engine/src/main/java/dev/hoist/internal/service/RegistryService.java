package dev.hoist.internal.service;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.CredentialSource;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.DockerConfig;
import dev.hoist.internal.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Registries themselves rather than their images: logging in and out (credentials checked,
 * then kept in the context's {@link HoistContext#dockerConfig Docker config} or its credential
 * helper) and a repository's tags. Registries are reached
 * with the context's settings and the request's {@link RegistryOverrides}.
 */
public final class RegistryService {
  private final HoistContext context;
  private final ImageService images;

  RegistryService(HoistContext context, ImageService images) {
    this.context = context;
    this.images = images;
  }

  /**
   * Where a login kept the credentials: {@code file} is Docker's config file when they are
   * stored in it unencrypted, else null ({@code storedBy} then names the credential helper).
   */
  public record Login(String storedBy, Path file) {
    /** Whether the password lies unencrypted in Docker's config file. */
    public boolean unencrypted() {
      return file != null && file.toString().equals(storedBy);
    }
  }

  /**
   * Checks {@code username} and {@code password} against {@code registry} (an API host), then
   * stores them. The user name is taken without surrounding blanks; the password as given.
   *
   * @throws IllegalArgumentException when either is empty
   * @throws dev.hoist.internal.registry.RegistryException when the registry refuses them
   */
  public Login login(String registry, String username, String password,
      RegistryOverrides overrides) throws IOException {
    Credentials credentials = check(registry, username, password, overrides);
    DockerConfig config = dockerConfig();
    return new Login(config.login(registry, credentials), config.file());
  }

  /**
   * Checks {@code username} and {@code password} against {@code registry} (an API host) without
   * storing them (the Engine API's {@code POST /auth}: the client keeps them); the credentials
   * checked.
   *
   * @throws IllegalArgumentException when either is empty
   * @throws dev.hoist.internal.registry.RegistryException when the registry refuses them
   */
  public Credentials check(String registry, String username, String password,
      RegistryOverrides overrides) throws IOException {
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("user name and password must not be empty");
    }
    Credentials credentials = new Credentials(username.strip(), password);
    try (RegistryClient client = RegistryClient.connect(registry, images.registryOptions(overrides)
        .withCredentials(CredentialSource.ANONYMOUS.with(registry, credentials)))) {
      client.checkLogin();
    }
    return credentials;
  }

  /** Removes the credentials stored for {@code registry}; whether there were any. */
  public boolean logout(String registry) throws IOException {
    return dockerConfig().logout(registry);
  }

  /** {@code hoist ls-tags}: the tags of {@code repository}'s repository, as its registry lists them. */
  public List<String> tags(ImageName repository, RegistryOverrides overrides) throws IOException {
    try (RegistryClient client = RegistryClient.connect(repository.registry(),
        images.registryOptions(overrides))) {
      return client.listTags(repository.repository());
    }
  }

  /**
   * {@code pull --all-tags}: {@code repository} (a name without tag or digest) with each tag
   * its registry lists, in the registry's order.
   *
   * @throws IllegalArgumentException for a name with a tag or digest, as Docker's
   */
  public List<ImageName> allTags(String repository, RegistryOverrides overrides)
      throws IOException {
    if (ImageName.namesTagOrDigest(repository)) {
      throw new IllegalArgumentException("tag can't be used with --all-tags/-a");
    }
    ImageName repo = ImageService.name(repository);
    return tags(repo, overrides).stream().map(repo::withTag).toList();
  }

  private DockerConfig dockerConfig() {
    return context.dockerConfig();
  }
}

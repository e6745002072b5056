package dev.hoist.internal.registry;

import dev.hoist.cache.image.ImageName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Credential;
import dev.hoist.internal.cache.json.CanonicalJson;
import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, default {@code
 * ~/.docker/config.json}) as a {@link CredentialSource}: lookups go through Jib core's credential
 * retrieval, which honours {@code credHelpers}, {@code credsStore} and {@code auths}; {@link
 * #login} and {@link #logout} change it like {@code docker login/logout}, through the credential
 * helper when one is configured for the registry, else in {@code auths} (file mode 0600).
 */
public final class DockerConfig implements CredentialSource {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Path file;

  public DockerConfig(Path file) {
    this.file = file;
  }

  /**
   * The config of the environment: the directory in the {@code hoist.docker-config} system
   * property, else {@code $DOCKER_CONFIG}, else {@code ~/.docker}.
   */
  public static DockerConfig fromEnvironment() {
    String property = System.getProperty("hoist.docker-config"); // for programs embedding hoist
    if (property != null && !property.isBlank()) {
      return new DockerConfig(Path.of(property).resolve("config.json"));
    }
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The config that {@code env} names ({@code DOCKER_CONFIG}), else {@code home/.docker}'s. */
  public static DockerConfig fromEnvironment(Map<String, String> env, Path home) {
    String dir = env.get("DOCKER_CONFIG");
    Path base = dir != null && !dir.isBlank() ? Path.of(dir) : home.resolve(".docker");
    return new DockerConfig(base.resolve("config.json"));
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<Credentials> lookup(String registry) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    // the retriever CredentialRetrieverFactory.dockerConfig(file) wraps, used directly: the
    // factory also links Google's application-default credentials, which hoist does not ship
    DockerConfigCredentialRetriever retriever = DockerConfigCredentialRetriever.create(registry, file);
    try {
      Optional<Credential> found = retriever.retrieve(event -> { });
      return found.map(c -> new Credentials(c.getUsername(), c.getPassword()));
    } catch (IOException e) {
      return Optional.empty(); // a file Jib cannot parse gives no credentials, as through the factory
    } catch (RuntimeException e) {
      // Jib's messages name the helper and registry, never the secret
      throw new IOException("cannot read the credentials for " + registry + " from " + file
          + ": " + e.getMessage());
    }
  }

  /**
   * The {@code proxies} of the file as the proxy variables Docker's CLI gives builds (as build
   * arguments) and containers (as environment): {@code proxies.default}'s {@code httpProxy},
   * {@code httpsProxy}, {@code noProxy}, {@code ftpProxy} and {@code allProxy}, each under its
   * upper- and lower-case name ({@code HTTP_PROXY} and {@code http_proxy}, ...), the empty ones left
   * out. (Docker keys other entries by the daemon's address; hoist has no daemon, so only {@code
   * default} applies.) The caller lets values the user gives ({@code --build-arg}, {@code -e}) win.
   * The registry client does not use these: like Docker's daemon, it takes its proxies from the
   * environment ({@link ProxySettings}).
   */
  public Map<String, String> proxyVariables() throws IOException {
    JsonNode proxies = read().path("proxies").path("default");
    Map<String, String> variables = new java.util.LinkedHashMap<>();
    String[][] keys = {{"httpProxy", "HTTP_PROXY"}, {"httpsProxy", "HTTPS_PROXY"}, {"noProxy", "NO_PROXY"},
        {"ftpProxy", "FTP_PROXY"}, {"allProxy", "ALL_PROXY"}};
    for (String[] key : keys) {
      String value = proxies.path(key[0]).asText("");
      if (!value.isEmpty()) {
        variables.put(key[1], value);
        variables.put(key[1].toLowerCase(java.util.Locale.ROOT), value);
      }
    }
    return variables;
  }

  /** Stores credentials for {@code registry}; returns where they went (a helper or the file). */
  public String login(String registry, Credentials credentials) throws IOException {
    ObjectNode config = read();
    Optional<String> helper = helperFor(config, registry);
    if (helper.isPresent()) {
      ObjectNode payload = JSON.createObjectNode();
      payload.put("ServerURL", key(registry));
      payload.put("Username", credentials.username());
      payload.put("Secret", credentials.secret());
      runHelper(helper.get(), "store", JSON.writeValueAsBytes(payload), registry);
      return "docker-credential-" + helper.get();
    }
    ObjectNode auths = config.with("auths");
    ObjectNode entry = JSON.createObjectNode();
    entry.put("auth", Base64.getEncoder().encodeToString(
        (credentials.username() + ":" + credentials.secret()).getBytes(StandardCharsets.UTF_8)));
    auths.set(key(registry), entry);
    write(config);
    return file.toString();
  }

  /** Removes the credentials of {@code registry}; false when there were none. */
  public boolean logout(String registry) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    ObjectNode config = read();
    Optional<String> helper = helperFor(config, registry);
    if (helper.isPresent()) {
      runHelper(helper.get(), "erase", key(registry).getBytes(StandardCharsets.UTF_8), registry);
      return true;
    }
    JsonNode auths = config.get("auths");
    boolean removed = false;
    if (auths instanceof ObjectNode a) {
      removed = a.remove(key(registry)) != null;
      if (registry.equals(ImageName.DOCKER_HUB_API)) {
        removed |= a.remove("docker.io") != null | a.remove("index.docker.io") != null;
      }
    }
    if (removed) {
      write(config);
    }
    return removed;
  }

  private static String key(String registry) {
    return registry.equals(ImageName.DOCKER_HUB_API) ? DOCKER_HUB_KEY : registry;
  }

  private static Optional<String> helperFor(ObjectNode config, String registry) {
    JsonNode helpers = config.get("credHelpers");
    if (helpers != null && helpers.hasNonNull(key(registry))) {
      return Optional.of(helpers.get(key(registry)).asText());
    }
    if (helpers != null && helpers.hasNonNull(registry)) {
      return Optional.of(helpers.get(registry).asText());
    }
    JsonNode store = config.get("credsStore");
    return store != null && !store.asText().isEmpty() ? Optional.of(store.asText()) : Optional.empty();
  }

  private static void runHelper(String helper, String action, byte[] stdin, String registry)
      throws IOException {
    Process p = new ProcessBuilder("docker-credential-" + helper, action)
        .redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    byte[] output;
    try (InputStream out = p.getInputStream()) {
      output = out.readAllBytes();
    }
    try {
      if (p.waitFor() != 0) {
        // helpers print their own message, which does not echo the secret
        throw new IOException("docker-credential-" + helper + " " + action + " failed for "
            + registry + ": " + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running docker-credential-" + helper);
    }
  }

  private ObjectNode read() throws IOException {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      return JSON.createObjectNode();
    }
    if (!(node instanceof ObjectNode o)) {
      throw new IOException(file + " is not a JSON object");
    }
    return o;
  }

  private void write(ObjectNode config) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".config-", ".json",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

package dev.hoist.cache.image;

import dev.hoist.cache.model.Digest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as Docker normalises it, the one reference type of hoist (local tags,
 * registries, builds): {@code alpine} is {@code docker.io/library/alpine:latest}. The first path
 * component is a registry when it has a dot or a port, or is {@code localhost}; Docker Hub is
 * always spelt {@code docker.io} ({@link #apiHost()} is the host its API is served from). A
 * digest ({@code @sha256:…}) may replace or follow the tag; when both are given, the digest is
 * what a registry is asked for ({@link #manifestReference()}).
 */
public record ImageName(String registry, String repository, String tag, Digest digest) {
  /** The name Docker Hub's images have, {@code docker.io}. */
  public static final String DOCKER_HUB = "docker.io";

  /** The host Docker Hub's API is served from. */
  public static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /**
   * Parses and normalises a reference; an invalid one is an IllegalArgumentException.
   *
   * @param reference the reference as users write it, such as {@code alpine:3.19}
   * @return the name
   */
  public static ImageName parse(String reference) {
    String rest = reference.strip();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty image name");
    }
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("invalid tag \"" + tag + "\" in " + reference);
      }
    }
    String registry = DOCKER_HUB;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head.equals("index.docker.io") || head.equals("registry-1.docker.io")
            ? DOCKER_HUB : head;
        rest = rest.substring(first + 1);
      }
    }
    String repository = rest;
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("invalid image reference \"" + reference + "\""
            + (component.equals(component.toLowerCase(Locale.ROOT)) ? ""
                : ": repository names must be lower case"));
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageName(registry, repository, tag, digest);
  }

  /**
   * Whether {@code reference} names a tag or a digest, not only a repository ({@code push -a}
   * and {@code pull -a} take a repository alone).
   *
   * @param reference the reference as users write it
   * @return true when it has a tag or a digest
   */
  public static boolean namesTagOrDigest(String reference) {
    String r = reference.strip();
    return r.contains("@") || r.lastIndexOf(':') > r.lastIndexOf('/');
  }

  /**
   * The host the registry's API is spoken to: {@link #DOCKER_HUB_API} for Docker Hub.
   *
   * @return the host
   */
  public String apiHost() {
    return apiHost(registry);
  }

  /**
   * {@code registry}'s API host: Docker Hub's names map to {@link #DOCKER_HUB_API}.
   *
   * @param registry a registry name
   * @return its API host
   */
  public static String apiHost(String registry) {
    return registry.equals(DOCKER_HUB) || registry.equals("index.docker.io") ? DOCKER_HUB_API
        : registry;
  }

  /**
   * A registry as users write it ({@code docker.io}, {@code https://ghcr.io/}, {@code
   * localhost:5000}) as the host its API is spoken to.
   *
   * @param text the registry as written
   * @return the host
   */
  public static String registryHost(String text) {
    String host = text.strip().replaceFirst("^https?://", "");
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty registry name");
    }
    return apiHost(host);
  }

  /**
   * What a registry is asked for after {@code /manifests/}: the digest when there is one, else the tag.
   *
   * @return the digest, or the tag
   */
  public String manifestReference() {
    if (digest != null) {
      return digest.toString();
    }
    return tag != null ? tag : "latest";
  }

  /**
   * This name with a digest (the tag kept).
   *
   * @param newDigest the digest
   * @return the changed copy
   */
  public ImageName withDigest(Digest newDigest) {
    return new ImageName(registry, repository, tag, newDigest);
  }

  /**
   * This name with another tag (and no digest).
   *
   * @param newTag the tag
   * @return the changed copy
   */
  public ImageName withTag(String newTag) {
    return new ImageName(registry, repository, newTag, null);
  }

  /**
   * {@code registry/repository}, fully qualified.
   *
   * @return the repository with its registry
   */
  public String qualifiedRepository() {
    return registry + "/" + repository;
  }

  /**
   * The repository as Docker shows it: without {@code docker.io/} and {@code library/}.
   *
   * @return the short form
   */
  public String familiarRepository() {
    if (!registry.equals(DOCKER_HUB)) {
      return qualifiedRepository();
    }
    return repository.startsWith("library/") ? repository.substring(8) : repository;
  }

  /** The full normalised reference, as stored in the image store. */
  @Override
  public String toString() {
    return qualifiedRepository() + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }

  /**
   * The reference as Docker shows it: {@code alpine:3.19}.
   *
   * @return the short form
   */
  public String familiar() {
    return familiarRepository() + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }
}

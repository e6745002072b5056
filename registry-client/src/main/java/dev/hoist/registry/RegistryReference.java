package dev.hoist.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Digest;
import java.util.Objects;

/**
 * A reference to an image in a registry, parsed and normalised by Jib core's {@link
 * ImageReference}: {@code ubuntu} is {@code registry-1.docker.io/library/ubuntu:latest}. The
 * registry is the host (and port) the API is spoken to; {@code tag} and {@code digest} may both be
 * set ({@code name:tag@digest}, where the digest wins), and a repository reference (for {@code
 * ls-tags}) has neither.
 */
public record RegistryReference(String registry, String repository, String tag, Digest digest) {
  /** The host Docker Hub's API is served from. */
  public static final String DOCKER_HUB_API = "registry-1.docker.io";

  public RegistryReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
      registry = DOCKER_HUB_API;
    }
  }

  /** Parses a reference; a malformed one is an {@link IllegalArgumentException} naming it. */
  public static RegistryReference parse(String text) {
    ImageReference jib;
    try {
      jib = ImageReference.parse(text.strip());
    } catch (InvalidImageReferenceException e) {
      throw new IllegalArgumentException("invalid image reference \"" + text + "\"");
    }
    Digest digest = jib.getDigest().map(Digest::parse).orElse(null);
    String tag = jib.getTag().orElse(null);
    if (digest != null && tag != null && jib.usesDefaultTag() && !text.contains(":" + tag + "@")) {
      tag = null; // "name@digest": Jib adds no tag, but be explicit
    }
    return new RegistryReference(jib.getRegistry(), jib.getRepository(), tag, digest);
  }

  /**
   * A registry as users write it ({@code docker.io}, {@code https://ghcr.io/}, {@code
   * localhost:5000}) as the host the API is spoken to.
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
    return host.equals("docker.io") || host.equals("index.docker.io") ? DOCKER_HUB_API : host;
  }

  /** The same image name as the local store spells it. */
  public static RegistryReference of(ImageName name) {
    return new RegistryReference(name.registry(), name.repository(), name.tag(), name.digest());
  }

  /** This reference as a local image name ({@code docker.io} for Docker Hub). */
  public ImageName toImageName() {
    String local = registry.equals(DOCKER_HUB_API) ? ImageName.DOCKER_HUB : registry;
    return new ImageName(local, repository, tag, digest);
  }

  /** What goes after {@code /manifests/}: the digest when there is one, else the tag. */
  public String manifestReference() {
    if (digest != null) {
      return digest.toString();
    }
    return tag != null ? tag : "latest";
  }

  public RegistryReference withDigest(Digest newDigest) {
    return new RegistryReference(registry, repository, tag, newDigest);
  }

  public RegistryReference withTag(String newTag) {
    return new RegistryReference(registry, repository, newTag, null);
  }

  /** {@code registry/repository}. */
  public String qualifiedRepository() {
    return registry + "/" + repository;
  }

  @Override
  public String toString() {
    return qualifiedRepository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}

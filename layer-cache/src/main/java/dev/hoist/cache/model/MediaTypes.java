package dev.hoist.cache.model;

/** The media types of the OCI image spec and of Docker's image manifest schema 2. */
public final class MediaTypes {
  private MediaTypes() {}

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYOUT_VERSION = "1.0.0";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_FOREIGN =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String DOCKER_MANIFEST_V1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_MANIFEST_V1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** Whether a media type names a single-image manifest (OCI or Docker schema 2). */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** Whether a media type names an index or manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** Whether a media type is one of Docker's ({@code application/vnd.docker.…}) rather than OCI's. */
  public static boolean isDocker(String mediaType) {
    return mediaType != null && mediaType.startsWith("application/vnd.docker.");
  }

  /** The config media type that goes with a manifest media type (Docker's for Docker's, else OCI's). */
  public static String configFor(String manifestMediaType) {
    return isDocker(manifestMediaType) ? DOCKER_CONFIG : OCI_CONFIG;
  }
}

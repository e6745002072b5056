package dev.hoist.cache.model;

/** The media types of the OCI image spec and of Docker's image manifest schema 2. */
public final class MediaTypes {
  private MediaTypes() {}

  /** An OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** An OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** An OCI image config. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  /** An uncompressed OCI layer. */
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  /** A gzip-compressed OCI layer. */
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** A zstd-compressed OCI layer. */
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  /** The OCI empty descriptor's content, {@code {}}. */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  /** The {@code imageLayoutVersion} of an OCI layout. */
  public static final String OCI_LAYOUT_VERSION = "1.0.0";

  /** A Docker image manifest, schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  /** A Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  /** A Docker image config. */
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  /** A gzip-compressed Docker layer. */
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** An uncompressed Docker layer. */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  /** A Docker layer fetched from elsewhere (Windows base layers). */
  public static final String DOCKER_LAYER_FOREIGN =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  /** A Docker schema 1 manifest (not supported). */
  public static final String DOCKER_MANIFEST_V1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  /** A signed Docker schema 1 manifest (not supported). */
  public static final String DOCKER_MANIFEST_V1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /**
   * Whether a media type names a single-image manifest (OCI or Docker schema 2).
   *
   * @param mediaType the media type
   * @return whether it is an image manifest's
   */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /**
   * Whether a media type names an index or manifest list.
   *
   * @param mediaType the media type
   * @return whether it is an index's
   */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /**
   * Whether a media type is one of Docker's ({@code application/vnd.docker.…}) rather than OCI's.
   *
   * @param mediaType the media type
   * @return whether it is one of Docker's
   */
  public static boolean isDocker(String mediaType) {
    return mediaType != null && mediaType.startsWith("application/vnd.docker.");
  }

  /**
   * The config media type that goes with a manifest media type (Docker's for Docker's, else OCI's).
   *
   * @param manifestMediaType the manifest's media type
   * @return the config media type that goes with it
   */
  public static String configFor(String manifestMediaType) {
    return isDocker(manifestMediaType) ? DOCKER_CONFIG : OCI_CONFIG;
  }
}

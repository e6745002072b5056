package dev.hoist.cache.model;

/** The schemaVersion check shared by manifests and indexes. */
final class Versions {
  private Versions() {}

  static void requireSchema2(int schemaVersion, String what) {
    if (schemaVersion != 2) {
      throw new IllegalArgumentException(what + " has schemaVersion " + schemaVersion
          + "; only schemaVersion 2 (OCI, Docker schema 2) is supported");
    }
  }
}

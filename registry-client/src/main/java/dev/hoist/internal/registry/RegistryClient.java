package dev.hoist.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.DigestMismatchException;
import dev.hoist.internal.cache.store.StoreFailure;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * The OCI Distribution API of one registry: manifests (GET, HEAD, PUT, DELETE), blobs (HEAD,
 * verified GET into the content store resumed with {@code Range}, streamed GET, monolithic or
 * chunked upload, cross-repository mount), tags with {@code Link} pagination and the referrers
 * API. Thread-safe; open one per registry and close it when done.
 */
public final class RegistryClient implements Closeable {
  /** What GET and HEAD of a manifest accept: OCI and Docker schema 2 images and indexes. */
  public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX,
      MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final RegistryTransport transport;
  private final RegistryOptions options;
  private final Set<String> pushTargets = ConcurrentHashMap.newKeySet();

  private RegistryClient(RegistryTransport transport, RegistryOptions options) {
    this.transport = transport;
    this.options = options;
  }

  /**
   * A client for {@code registry} ({@code host[:port]}, as an {@link ImageName} spells it: Docker
   * Hub's is spoken to at its {@link ImageName#apiHost API host}); nothing is sent until the first
   * call.
   */
  public static RegistryClient connect(String registry, RegistryOptions options) throws IOException {
    return new RegistryClient(new RegistryTransport(ImageName.apiHost(registry), options), options);
  }

  /** The host the API is spoken to. */
  public String registry() {
    return transport.registry();
  }

  /** GET /v2/: checks that the registry answers and learns how it authenticates. */
  public void ping() throws IOException {
    transport.ping();
  }

  /**
   * Checks the credentials: a Basic registry must accept them on {@code /v2/}, a Bearer one must
   * give a token for them. Wrong credentials are a {@link RegistryException.Kind#UNAUTHORIZED}.
   */
  public void checkLogin() throws IOException {
    transport.ping();
    try (RegistryResponse r = send("GET", "/v2/", Map.of(), null, List.of(), "log in")) {
      if (r.status() != 200) {
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, r.status(),
            registry() + " refused the login (GET /v2/ answered " + r.status() + ")", null);
      }
    }
  }

  /**
   * Declares that {@code repository} will be pushed to: every later request on it asks for a
   * pull+push token, so that one token serves the HEADs, uploads and the manifest.
   */
  public void preparePush(String repository) {
    pushTargets.add(repository);
  }

  private List<String> scopes(String repository) {
    return List.of("repository:" + repository + (pushTargets.contains(repository) ? ":pull,push" : ":pull"));
  }

  private RegistryResponse send(String method, String target, Map<String, String> headers,
      RegistryTransport.Body body, List<String> scopes, String what) throws IOException {
    return transport.send(new RegistryTransport.Request(method, target, headers, body, scopes, what));
  }

  private String name(String repository) {
    return registry() + "/" + repository;
  }

  // ---- manifests ----

  /**
   * The manifest or index {@code reference} (a tag or digest) names, verified against the digest
   * when fetched by digest. Schema 1 manifests are refused with a message saying so.
   */
  public FetchedManifest getManifest(String repository, String reference) throws IOException {
    String what = "pull " + name(repository) + refSuffix(reference);
    try (RegistryResponse r = send("GET", "/v2/" + repository + "/manifests/" + reference,
        Map.of(HttpHeaders.ACCEPT, MANIFEST_ACCEPT), null, scopes(repository), what)) {
      if (r.status() == 404 && !reference.contains(":") && !repositoryExists(repository)) {
        throw new RegistryException(RegistryException.Kind.NOT_FOUND, 404,
            "repository " + name(repository) + " not found", null);
      }
      if (r.status() != 200) {
        throw failure(r, repository, reference, what);
      }
      byte[] bytes = r.bytes(options.limits().maxManifestSize(), RegistryLimits.MAX_MANIFEST_SIZE);
      String mediaType = supportedMediaType(r.header(HttpHeaders.CONTENT_TYPE), bytes,
          name(repository) + refSuffix(reference));
      Digest digest = reference.contains(":") && reference.startsWith("sha")
          ? Digest.parse(reference) : Digest.sha256(bytes);
      Digest actual = Digest.of(digest.algorithm(), digest.newMessageDigest().digest(bytes));
      String announced = r.header("Docker-Content-Digest");
      if (announced != null && announced.startsWith(digest.algorithm() + ":")
          && !announced.equals(actual.toString())) {
        throw new RegistryException(RegistryException.Kind.CORRUPT, "the manifest " + reference
            + " from " + name(repository) + " does not match the digest the registry announced ("
            + announced + ", got " + actual + ")");
      }
      if (!actual.equals(digest)) {
        throw new RegistryException(RegistryException.Kind.CORRUPT, "the manifest " + reference
            + " from " + name(repository) + " does not match its digest (got " + actual + ")");
      }
      return new FetchedManifest(Descriptor.of(mediaType, digest, bytes.length), bytes);
    }
  }

  /** Whether the tags list of a repository exists (false only on a clear 404). */
  private boolean repositoryExists(String repository) throws IOException {
    try (RegistryResponse r = send("GET", "/v2/" + repository + "/tags/list?n=1", Map.of(), null,
        scopes(repository), "list the tags of " + name(repository))) {
      return r.status() != 404;
    } catch (RegistryException e) {
      return true;
    }
  }

  /** HEAD of a manifest: its descriptor, or empty when there is no such manifest. */
  public Optional<Descriptor> headManifest(String repository, String reference) throws IOException {
    String what = "look up " + name(repository) + refSuffix(reference);
    try (RegistryResponse r = send("HEAD", "/v2/" + repository + "/manifests/" + reference,
        Map.of(HttpHeaders.ACCEPT, MANIFEST_ACCEPT), null, scopes(repository), what)) {
      if (r.status() == 404) {
        return Optional.empty();
      }
      if (r.status() != 200) {
        throw failure(r, repository, reference, what);
      }
      String digest = r.header("Docker-Content-Digest");
      if (digest == null) {
        return Optional.of(getManifest(repository, reference).descriptor());
      }
      String type = r.header(HttpHeaders.CONTENT_TYPE);
      long length = r.contentLength();
      if (length < 0) {
        return Optional.of(getManifest(repository, reference).descriptor());
      }
      return Optional.of(Descriptor.of(type == null ? MediaTypes.OCI_MANIFEST : type.split(";")[0].strip(),
          Digest.parse(digest), length));
    }
  }

  /** PUT of a manifest's exact bytes under a tag or its digest; returns the digest. */
  public Digest putManifest(String repository, String reference, String mediaType, byte[] bytes)
      throws IOException {
    preparePush(repository);
    String what = "push " + name(repository) + refSuffix(reference);
    try (RegistryResponse r = send("PUT", "/v2/" + repository + "/manifests/" + reference,
        Map.of(HttpHeaders.CONTENT_TYPE, mediaType),
        () -> new org.apache.hc.core5.http.io.entity.ByteArrayEntity(bytes, null),
        scopes(repository), what)) {
      if (r.status() != 201 && r.status() != 200) {
        throw failure(r, repository, reference, what);
      }
      return Digest.sha256(bytes);
    }
  }

  /** DELETE of a manifest by digest (the registry must allow deletes). */
  public void deleteManifest(String repository, Digest digest) throws IOException {
    preparePush(repository);
    String what = "delete " + name(repository) + "@" + digest;
    try (RegistryResponse r = send("DELETE", "/v2/" + repository + "/manifests/" + digest, Map.of(), null,
        List.of("repository:" + repository + ":pull,push,delete"), what)) {
      if (r.status() != 202 && r.status() != 200) {
        throw failure(r, repository, digest.toString(), what);
      }
    }
  }

  private static String refSuffix(String reference) {
    return reference.contains(":") ? "@" + reference : ":" + reference;
  }

  /**
   * The media type of a fetched manifest, or an {@link RegistryException.Kind#UNSUPPORTED} error
   * naming {@code image}: schema 1 manifests and anything but image manifests and indexes.
   */
  static String supportedMediaType(String contentType, byte[] bytes, String image) throws RegistryException {
    String mediaType = mediaTypeOf(contentType, bytes);
    if (mediaType.equals(MediaTypes.DOCKER_MANIFEST_V1) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)
        || isSchema1(bytes)) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, image
          + " uses the Docker schema 1 manifest format, which hoist does not support"
          + " (push it again with a current Docker, Buildah or skopeo to convert it)");
    }
    if (!MediaTypes.isManifest(mediaType) && !MediaTypes.isIndex(mediaType)) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, image
          + " is a " + mediaType + ", not an image manifest or index");
    }
    return mediaType;
  }

  /** The media type of a manifest: the Content-Type when specific, else its mediaType field. */
  static String mediaTypeOf(String contentType, byte[] bytes) {
    String type = contentType == null ? "" : contentType.split(";")[0].strip();
    if (!type.isEmpty() && !type.equals("application/json") && !type.equals("text/plain")) {
      return type;
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node.hasNonNull("mediaType")) {
        return node.get("mediaType").asText();
      }
      if (node.has("manifests")) {
        return MediaTypes.OCI_INDEX;
      }
      if (node.path("schemaVersion").asInt() == 1) {
        return MediaTypes.DOCKER_MANIFEST_V1;
      }
      return MediaTypes.OCI_MANIFEST;
    } catch (IOException e) {
      return type.isEmpty() ? "application/octet-stream" : type;
    }
  }

  private static boolean isSchema1(byte[] bytes) {
    try {
      return JSON.readTree(bytes).path("schemaVersion").asInt() == 1;
    } catch (IOException e) {
      return false;
    }
  }

  // ---- blobs ----

  /** HEAD of a blob: whether the repository has it. */
  public boolean hasBlob(String repository, Digest digest) throws IOException {
    String what = "check blob " + digest.shortHex() + " in " + name(repository);
    try (RegistryResponse r = send("HEAD", "/v2/" + repository + "/blobs/" + digest, Map.of(), null,
        scopes(repository), what)) {
      if (r.status() == 200) {
        return true;
      }
      if (r.status() == 404) {
        return false;
      }
      throw failure(r, repository, digest.toString(), what);
    }
  }

  /**
   * Downloads a blob into the store, verified (digest and size) as it arrives: content that does
   * not match is never stored, and reading stops one byte past the descriptor's size. A
   * connection that drops mid-blob (or stalls after bytes arrived) is resumed with {@code Range}
   * from the byte reached (or restarted when the registry ignores the range). What retrying
   * cannot fix ends the download at once: content larger than announced or corrupt, a registry
   * that does not answer in time, a store that cannot be written (a full disk).
   */
  public Digest fetchBlob(String repository, Descriptor blob, ContentStore store, ProgressListener listener)
      throws IOException {
    String what = "pull blob " + blob.digest().shortHex() + " from " + name(repository);
    String tooLarge = "blob " + blob.digest() + " from " + name(repository) + " is larger than its descriptor's "
        + blob.size() + " bytes; nothing was stored";
    BlobWriter writer = storing(() -> store.writer(blob.digest(), blob.size()), blob, repository, store);
    int failures = 0;
    try {
      while (true) {
        long offset = writer.size();
        Map<String, String> headers = offset > 0 ? Map.of(HttpHeaders.RANGE, "bytes=" + offset + "-") : Map.of();
        RegistryResponse r = send("GET", "/v2/" + repository + "/blobs/" + blob.digest(), headers, null,
            scopes(repository), what);
        try {
          if (r.status() == 200 && offset > 0) {
            writer.close(); // the registry ignored the range: start again
            writer = storing(() -> store.writer(blob.digest(), blob.size()), blob, repository, store);
            listener.progress(blob, 0);
          } else if (r.status() == 206) {
            String range = r.header(HttpHeaders.CONTENT_RANGE);
            if (range == null || !range.startsWith("bytes " + offset + "-")) {
              throw new RegistryException(RegistryException.Kind.FAILED, name(repository)
                  + " answered a resumed download of " + blob.digest() + " with the wrong range " + range);
            }
          } else if (r.status() != 200) {
            throw failure(r, repository, blob.digest().toString(), what);
          }
          if (r.contentLength() > blob.size() - writer.size()) {
            throw new RegistryException(RegistryException.Kind.CORRUPT, tooLarge + " (it announced "
                + (r.contentLength() + writer.size()) + ")");
          }
          if (copyBody(r, writer, blob, listener, tooLarge, repository, store)) {
            break;
          }
        } finally {
          r.closeQuietly();
        }
        if (++failures >= options.attempts()) {
          throw new RegistryException(RegistryException.Kind.FAILED, "cannot " + what
              + ": the connection broke " + failures + " times");
        }
      }
      BlobWriter done = writer;
      try {
        Digest stored = storing(done::commit, blob, repository, store);
        listener.progress(blob, blob.size());
        return stored;
      } catch (DigestMismatchException e) {
        throw new RegistryException(RegistryException.Kind.CORRUPT, 0, "blob " + blob.digest() + " from "
            + name(repository) + " is corrupt: " + e.getMessage() + "; nothing was stored", e);
      }
    } finally {
      writer.close();
    }
  }

  /** A step that writes to the local store. */
  private interface StoreStep<T> {
    T run() throws IOException;
  }

  /**
   * Runs a write to the store; its failure (a full disk above all) is reported as what it is,
   * naming the store and the blob, and is not retried: another download would fail the same way.
   */
  private <T> T storing(StoreStep<T> step, Descriptor blob, String repository, ContentStore store)
      throws IOException {
    try {
      return step.run();
    } catch (DigestMismatchException e) {
      throw e;
    } catch (IOException e) {
      throw StoreFailure.of(e, store, "blob " + blob.digest() + " (" + blob.size() + " bytes) from " + name(repository));
    }
  }

  /**
   * Copies the body into the writer; false when the connection broke or stalled after bytes
   * arrived (the caller resumes). Everything else ends the download with its own message.
   */
  private boolean copyBody(RegistryResponse r, BlobWriter writer, Descriptor blob, ProgressListener listener,
      String tooLarge, String repository, ContentStore store) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    long start = writer.size();
    long reported = start;
    InputStream in = r.stream(blob.size() - start, tooLarge);
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (RegistryTimeout t) {
        if (t.phase() == RegistryTimeout.Phase.READ && writer.size() > start) {
          return false; // stalled after progress: a new connection may do better
        }
        throw t;
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        return false; // the connection broke
      }
      if (n < 0) {
        if (writer.size() >= blob.size()) {
          return true;
        }
        if (r.framed()) { // the registry says this is all: resuming would get the same
          throw new RegistryException(RegistryException.Kind.CORRUPT, "blob " + blob.digest() + " from "
              + name(repository) + " ended after " + writer.size() + " of its descriptor's " + blob.size()
              + " bytes; nothing was stored");
        }
        return false; // a body delimited by the connection's end: the connection may have broken, resume
      }
      int length = n;
      storing(() -> {
        writer.write(buffer, 0, length);
        return null;
      }, blob, repository, store);
      if (writer.size() - reported >= (1 << 20)) {
        reported = writer.size();
        listener.progress(blob, reported);
      }
    }
  }

  /** The bytes of a blob from {@code offset} on, streamed (for copies between registries). */
  public InputStream openBlob(String repository, Digest digest, long offset) throws IOException {
    String what = "pull blob " + digest.shortHex() + " from " + name(repository);
    Map<String, String> headers = offset > 0 ? Map.of(HttpHeaders.RANGE, "bytes=" + offset + "-") : Map.of();
    RegistryResponse r = send("GET", "/v2/" + repository + "/blobs/" + digest, headers, null,
        scopes(repository), what);
    int expected = offset > 0 ? 206 : 200;
    if (r.status() != expected) {
      try (r) {
        throw failure(r, repository, digest.toString(), what);
      }
    }
    InputStream body = r.stream(Long.MAX_VALUE - 1, "blob " + digest + " from " + name(repository) + " never ends");
    return new java.io.FilterInputStream(body) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          r.close();
        }
      }
    };
  }

  /**
   * Tries to mount {@code blob} from {@code fromRepository} of this registry; true when mounted.
   * When the registry opens an upload instead (it does not have the blob there), the upload's
   * location is returned through {@code upload} for the caller to use.
   */
  private boolean mount(String repository, Digest digest, String fromRepository, String[] upload)
      throws IOException {
    String what = "mount " + digest.shortHex() + " from " + name(fromRepository) + " into " + name(repository);
    List<String> scopes = List.of("repository:" + repository + ":pull,push", "repository:" + fromRepository + ":pull");
    try (RegistryResponse r = send("POST", "/v2/" + repository + "/blobs/uploads/?mount="
        + enc(digest.toString()) + "&from=" + enc(fromRepository), Map.of(), null, scopes, what)) {
      if (r.status() == 201) {
        return true;
      }
      if (r.status() == 202 && r.header(HttpHeaders.LOCATION) != null) {
        upload[0] = r.resolve(r.header(HttpHeaders.LOCATION)).toString();
        return false;
      }
      if (r.status() == 401 || r.status() == 403) {
        return false; // no pull access to the source: upload instead
      }
      throw failure(r, repository, digest.toString(), what);
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.DENIED) {
        return false;
      }
      throw e;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Makes sure {@code repository} has {@code blob}: mounted from one of {@code mountFrom} (other
   * repositories of this registry) when the registry allows, else uploaded from {@code source},
   * in one PUT up to {@link RegistryOptions#monolithicLimit()} and in PATCH chunks above it. A
   * failed request resumes the upload where the registry says it stands. Returns the outcome
   * ("Pushed" or "Mounted from REPOSITORY").
   */
  public String uploadBlob(String repository, Descriptor blob, BlobSource source, List<String> mountFrom,
      ProgressListener listener) throws IOException {
    preparePush(repository);
    String[] location = {null};
    for (String from : mountFrom) {
      if (from.equals(repository)) {
        continue;
      }
      if (mount(repository, blob.digest(), from, location)) {
        return "Mounted from " + from;
      }
      if (location[0] != null) {
        break;
      }
    }
    listener.started(blob, "Pushing");
    String what = "push blob " + blob.digest().shortHex() + " to " + name(repository);
    int failures = 0;
    long offset = 0;
    while (true) {
      if (location[0] == null) {
        location[0] = startUpload(repository, what);
        offset = 0;
      }
      try (InputStream in = source.open(blob.digest(), offset)) {
        upload(repository, blob, in, offset, location, listener, what);
        listener.progress(blob, blob.size());
        return "Pushed";
      } catch (UploadBroken broken) {
        if (++failures >= options.attempts()) {
          throw new RegistryException(RegistryException.Kind.FAILED, 0, "cannot " + what + ": "
              + broken.getMessage(), broken.getCause());
        }
        offset = uploadStatus(location, what);
        if (offset < 0) {
          location[0] = null; // the session is gone: start again
        }
      }
    }
  }

  /** A request of an upload failed in a way that a retry from the registry's offset may fix. */
  private static final class UploadBroken extends IOException {
    private static final long serialVersionUID = 1L;

    UploadBroken(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private String startUpload(String repository, String what) throws IOException {
    try (RegistryResponse r = send("POST", "/v2/" + repository + "/blobs/uploads/", Map.of(), null,
        scopes(repository), what)) {
      if (r.status() != 202 || r.header(HttpHeaders.LOCATION) == null) {
        throw failure(r, repository, null, what);
      }
      return r.resolve(r.header(HttpHeaders.LOCATION)).toString();
    }
  }

  private void upload(String repository, Descriptor blob, InputStream in, long offset, String[] location,
      ProgressListener listener, String what) throws IOException {
    long size = blob.size();
    AtomicLong sent = new AtomicLong(offset);
    if (offset == 0 && size <= options.monolithicLimit()) {
      put(repository, blob, location[0], new CountingEntity(in, size,
          n -> listener.progress(blob, sent.addAndGet(n))), what);
      return;
    }
    long position = offset;
    while (position < size) {
      long length = Math.min(options.chunkSize(), size - position);
      CountingEntity chunk = new CountingEntity(in, length, n -> listener.progress(blob, sent.addAndGet(n)));
      RegistryResponse r;
      try {
        r = send("PATCH", location[0], Map.of(HttpHeaders.CONTENT_RANGE, position + "-" + (position + length - 1)),
            nonRepeatable(chunk), scopes(repository), what);
      } catch (RegistryException e) {
        if (e.kind() == RegistryException.Kind.FAILED && e.status() == 0 && !(e instanceof RegistryTimeout)) {
          throw new UploadBroken(e.getMessage(), e);
        }
        throw e;
      }
      try (r) {
        if (r.status() != 202) {
          if (r.status() >= 500 || r.status() == 429 || r.status() == 416) {
            throw new UploadBroken("the registry answered " + r.status() + " to a chunk", null);
          }
          throw failure(r, repository, blob.digest().toString(), what);
        }
        if (r.header(HttpHeaders.LOCATION) != null) {
          location[0] = r.resolve(r.header(HttpHeaders.LOCATION)).toString();
        }
      }
      position += length;
    }
    put(repository, blob, location[0], null, what);
  }

  private void put(String repository, Descriptor blob, String location, CountingEntity body, String what)
      throws IOException {
    String target = location + (location.contains("?") ? "&" : "?") + "digest=" + enc(blob.digest().toString());
    RegistryResponse r;
    try {
      r = send("PUT", target, Map.of(), body == null ? null : nonRepeatable(body), scopes(repository), what);
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.FAILED && e.status() == 0 && !(e instanceof RegistryTimeout)) {
        throw new UploadBroken(e.getMessage(), e);
      }
      throw e;
    }
    try (r) {
      if (r.status() == 201 || r.status() == 204) {
        return;
      }
      if (r.status() >= 500 || r.status() == 429) {
        throw new UploadBroken("the registry answered " + r.status(), null);
      }
      if (r.status() == 400) {
        String text = r.errorText();
        throw new RegistryException(text.contains("DIGEST_INVALID") ? RegistryException.Kind.CORRUPT
            : RegistryException.Kind.FAILED, 400, name(repository) + " refused blob " + blob.digest()
            + ": " + text, null);
      }
      throw failure(r, repository, blob.digest().toString(), what);
    }
  }

  private static RegistryTransport.Body nonRepeatable(CountingEntity entity) {
    return new RegistryTransport.Body() {
      @Override
      public org.apache.hc.core5.http.HttpEntity entity() {
        return entity;
      }

      @Override
      public boolean repeatable() {
        return false;
      }
    };
  }

  /** GET of an upload's status: the next offset, or -1 when the session is gone. */
  private long uploadStatus(String[] location, String what) throws IOException {
    try (RegistryResponse r = send("GET", location[0], Map.of(), null, List.of(), what)) {
      if (r.status() != 204) {
        return -1;
      }
      if (r.header(HttpHeaders.LOCATION) != null) {
        location[0] = r.resolve(r.header(HttpHeaders.LOCATION)).toString();
      }
      String range = r.header(HttpHeaders.RANGE);
      if (range == null) {
        return 0;
      }
      Matcher m = Pattern.compile("(?:bytes=)?0-(\\d+)").matcher(range.strip());
      return m.matches() ? Long.parseLong(m.group(1)) + 1 : -1;
    }
  }

  // ---- tags and referrers ----

  /** Every tag of a repository, following {@code Link} pagination. */
  public List<String> listTags(String repository) throws IOException {
    return listTags(repository, 1000);
  }

  /** {@link #listTags(String)} asking for {@code pageSize} tags a page. */
  List<String> listTags(String repository, int pageSize) throws IOException {
    List<String> tags = new ArrayList<>();
    String target = "/v2/" + repository + "/tags/list?n=" + pageSize;
    String what = "list the tags of " + name(repository);
    for (int page = 0; target != null && page < 10_000; page++) {
      try (RegistryResponse r = send("GET", target, Map.of(HttpHeaders.ACCEPT, "application/json"), null,
          scopes(repository), what)) {
        if (r.status() != 200) {
          throw failure(r, repository, null, what);
        }
        for (JsonNode tag : JSON.readTree(r.bytes(options.limits().maxManifestSize(), RegistryLimits.MAX_MANIFEST_SIZE)).path("tags")) {
          tags.add(tag.asText());
        }
        target = nextLink(r.headers("Link")).map(link -> r.resolve(link).toString()).orElse(null);
      }
    }
    return tags;
  }

  /** The {@code rel="next"} target among {@code Link} header values, as written (maybe relative). */
  static Optional<String> nextLink(List<String> links) {
    for (String header : links) {
      for (String link : header.split(",(?=\\s*<)")) {
        Matcher m = NEXT_LINK.matcher(link);
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The referrers of a manifest (signatures, SBOMs, attestations) through the OCI 1.1 referrers
   * API; empty when the registry does not offer it.
   */
  public Optional<ImageIndex> referrers(String repository, Digest subject) throws IOException {
    String what = "list the referrers of " + name(repository) + "@" + subject;
    try (RegistryResponse r = send("GET", "/v2/" + repository + "/referrers/" + subject,
        Map.of(HttpHeaders.ACCEPT, MediaTypes.OCI_INDEX), null, scopes(repository), what)) {
      if (r.status() == 404 || r.status() == 405) {
        return Optional.empty();
      }
      if (r.status() != 200) {
        throw failure(r, repository, subject.toString(), what);
      }
      String type = r.header(HttpHeaders.CONTENT_TYPE);
      if (type != null && !type.startsWith(MediaTypes.OCI_INDEX)) {
        return Optional.empty(); // e.g. an HTML 200 from a proxy
      }
      return Optional.of(CanonicalJson.read(r.bytes(options.limits().maxManifestSize(), RegistryLimits.MAX_MANIFEST_SIZE), ImageIndex.class, "referrers index"));
    }
  }

  // ---- errors ----

  private RegistryException failure(RegistryResponse r, String repository, String reference, String what) {
    int status = r.status();
    String text = r.errorText();
    if (status == 404) {
      String message;
      if (text.contains("NAME_UNKNOWN")) {
        message = "repository " + name(repository) + " not found";
      } else if (reference != null && text.contains("MANIFEST_UNKNOWN")) {
        message = reference.contains(":") ? "manifest " + reference + " not found in " + name(repository)
            : "tag " + reference + " not found in " + name(repository);
      } else if (text.contains("BLOB_UNKNOWN")) {
        message = "blob " + reference + " not found in " + name(repository);
      } else {
        message = "not found: cannot " + what + (text.isEmpty() ? "" : " (" + text + ")");
      }
      return new RegistryException(RegistryException.Kind.NOT_FOUND, status, message, null);
    }
    if (status == 401 || status == 403) {
      return new RegistryException(RegistryException.Kind.DENIED, status,
          "access denied: cannot " + what + (text.isEmpty() ? "" : " (" + text + ")"), null);
    }
    return new RegistryException(RegistryException.Kind.FAILED, status,
        registry() + " answered " + status + " when asked to " + what + (text.isEmpty() ? "" : ": " + text), null);
  }

  /** The base URI the registry is spoken to at (after the ping chose http or https). */
  public URI baseUri() throws IOException {
    return transport.base();
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }
}

package dev.hoist.internal.build;

import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

/**
 * An {@code ADD} source that is an http(s) URL, fetched as Docker and BuildKit do: redirects
 * followed, the body streamed to a file (mode 0600, mtime from {@code Last-Modified}, else the
 * Unix epoch) while its sha256 is computed, never extracted. The file name (used when the
 * destination is a directory) is the last component of the URL's path, else the
 * {@code Content-Disposition} file name.
 */
final class UrlSource {
  /** A downloaded URL: the file, its content digest, and its name (null: none usable). */
  record Download(String url, Path file, Digest digest, String name) {}

  private static final Pattern DISPOSITION_NAME =
      Pattern.compile("(?i)filename\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");

  /** {@code user:password@} (or {@code token@}) after a URL's scheme. */
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

  private UrlSource() {}

  /**
   * {@code source} without credentials ({@code https://u:pw@host/r} as {@code https://host/r}):
   * what messages and progress lines show of a URL or git source.
   */
  static String redacted(String source) {
    return USER_INFO.matcher(source).replaceAll("$1");
  }

  static boolean isUrl(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("http://") || s.startsWith("https://");
  }

  /** A git repository as BuildKit recognises one: {@code git@}, {@code git://}, {@code ….git}. */
  static boolean isGit(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    if (s.startsWith("git@") || s.startsWith("git://") || s.startsWith("ssh://")) {
      return true;
    }
    if (!isUrl(s)) {
      return false;
    }
    int hash = s.indexOf('#');
    String noFragment = hash < 0 ? s : s.substring(0, hash);
    int query = noFragment.indexOf('?');
    return (query < 0 ? noFragment : noFragment.substring(0, query)).endsWith(".git");
  }

  /**
   * Downloads {@code url} into {@code dir}. {@code where} prefixes error messages (the
   * Dockerfile, line and instruction: {@code "Dockerfile:3: ADD "}); every failure is one {@link BuildException} naming the URL.
   */
  static Download fetch(String url, Path dir, String where) throws IOException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new BuildException(where + redacted(url) + ": not a valid URL ("
          + e.getReason() + ")"); // the exception's message repeats the URL
    }
    Path file = dir.resolve("content");
    MessageDigest sha = Digest.newMessageDigest("sha256");
    Download result;
    try (CloseableHttpClient http = client()) {
      result = http.execute(new HttpGet(uri), response -> {
        int status = response.getCode();
        if (status < 200 || status >= 300) {
          throw new BuildException(where + redacted(url) + ": download failed: HTTP "
              + status + (response.getReasonPhrase() == null || response.getReasonPhrase().isEmpty() ? ""
                  : " " + response.getReasonPhrase()));
        }
        HttpEntity entity = response.getEntity();
        try (OutputStream out = Files.newOutputStream(file)) {
          if (entity != null) {
            try (InputStream in = entity.getContent()) {
              byte[] buffer = new byte[64 * 1024];
              for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
              }
            }
          }
        }
        Instant mtime = Instant.EPOCH;
        Header lastModified = response.getFirstHeader(HttpHeaders.LAST_MODIFIED);
        if (lastModified != null) {
          Instant parsed = DateUtils.parseStandardDate(lastModified.getValue());
          if (parsed != null) {
            mtime = parsed;
          }
        }
        Files.setAttribute(file, "unix:mode", 0600);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return new Download(url, file, Digest.of("sha256", sha.digest()),
            name(uri, response.getFirstHeader("Content-Disposition")));
      });
    } catch (BuildException e) {
      throw e;
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new BuildException(where + redacted(url) + ": download failed: " + message);
    }
    return result;
  }

  /** Checks a {@code --checksum} against what was downloaded. */
  static void verify(Download d, String checksum, String where) {
    Digest expected = parseChecksum(checksum, where);
    if (!expected.equals(d.digest())) {
      throw new BuildException(where + "ADD " + redacted(d.url()) + ": checksum mismatch: expected "
          + expected + ", downloaded content is " + d.digest());
    }
  }

  static Digest parseChecksum(String checksum, String where) {
    int colon = checksum.indexOf(':');
    String algorithm = colon < 0 ? "" : checksum.substring(0, colon);
    String hex = colon < 0 ? "" : checksum.substring(colon + 1).toLowerCase(Locale.ROOT);
    if (!algorithm.equals("sha256") || !hex.matches("[0-9a-f]{64}")) {
      throw new BuildException(where + "ADD --checksum=" + checksum
          + ": expected sha256:<64 hex digits>");
    }
    return Digest.of("sha256", hex);
  }

  private static String name(URI uri, Header disposition) {
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.endsWith("/")) {
      String base = path.substring(path.lastIndexOf('/') + 1);
      if (usable(base)) {
        return base;
      }
    }
    if (disposition != null) {
      Matcher m = DISPOSITION_NAME.matcher(disposition.getValue());
      if (m.find()) {
        String name = m.group(2) != null ? m.group(2) : m.group(1);
        if (!name.endsWith("/")) {
          name = name.substring(name.lastIndexOf('/') + 1);
          if (usable(name)) {
            return name;
          }
        }
      }
    }
    return null;
  }

  private static boolean usable(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..");
  }

  private static CloseableHttpClient client() {
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofSeconds(30))
                .setSocketTimeout(Timeout.ofMinutes(5)).build())
            .useSystemProperties()
            .build())
        .useSystemProperties() // proxies and trust store as the JVM is configured
        .disableCookieManagement()
        .disableAutomaticRetries()
        .setUserAgent("hoist/0.1")
        .build();
  }
}

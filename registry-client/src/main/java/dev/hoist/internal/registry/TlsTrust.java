package dev.hoist.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust for one registry: the system's trust store plus, following Docker's convention,
 * every {@code *.crt} in {@code <certs.d>/<host:port>/} of each configured certs.d directory
 * (typically {@code ca.crt}). Registries marked insecure are not verified at all.
 */
final class TlsTrust {
  private TlsTrust() {}

  /** Whether any certs.d directory has an entry for the registry. */
  static boolean hasCertsDir(String registry, List<Path> certsDirs) {
    return certsDirs.stream().anyMatch(base -> Files.isDirectory(base.resolve(registry)));
  }

  static SSLContext context(String registry, List<Path> certsDirs, boolean insecure) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (insecure) {
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        return context;
      }
      TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (TrustManager tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate cert : x.getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, cert);
          }
        }
      }
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Path base : certsDirs) {
        Path dir = base.resolve(registry);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
          for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
              for (Certificate cert : factory.generateCertificates(in)) {
                store.setCertificateEntry("certs.d-" + n++, cert);
              }
            } catch (GeneralSecurityException e) {
              throw new IOException(file + " is not a PEM certificate: " + e.getMessage());
            }
          }
        }
      }
      TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      combined.init(store);
      context.init(null, combined.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for " + registry + ": " + e.getMessage(), e);
    }
  }

  /** For registries the user marked insecure: any certificate. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

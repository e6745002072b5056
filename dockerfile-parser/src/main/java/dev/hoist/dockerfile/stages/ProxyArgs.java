package dev.hoist.dockerfile.stages;

import java.util.Set;

/** Docker's predefined proxy build args: usable by RUN without an ARG declaration. */
final class ProxyArgs {
  private static final Set<String> NAMES = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
      "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  private ProxyArgs() {}

  static boolean isProxyArg(String name) {
    return NAMES.contains(name);
  }
}

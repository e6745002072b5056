package dev.hoist.internal.compose;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's {@code com.docker.compose.config-hash}: SHA-256 of its normalised config as
 * {@code config} prints it in JSON, without {@code scale} (scaling adds or removes containers;
 * it does not recreate the others). {@code up} recreates a container whose hash differs.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(ServiceConfig service) {
    Map<String, Object> tree = new LinkedHashMap<>(ConfigView.service(service));
    tree.remove("scale");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(ConfigView.json(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

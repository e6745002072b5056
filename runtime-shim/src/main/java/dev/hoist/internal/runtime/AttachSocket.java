package dev.hoist.internal.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Unix socket on which the monitor of a detached container made with {@code -i} takes its
 * standard input (hoist-monitor's {@code stdin=}): an attacher connects, sends one byte ({@code
 * '1'}: its end closes the container's stdin, Docker's {@code StdinOnce}; {@code '0'}: it does
 * not), then the bytes for the container. The socket is {@value #NAME} in the container's
 * directory, or, when that path is longer than a socket address takes (108 bytes), a name made
 * from it in the temporary directory (readable by its owner only, as the monitor makes it).
 */
public final class AttachSocket {
  static final String NAME = "attach.sock";
  private static final int MAX_PATH = 107;

  private AttachSocket() {}

  /** Where the monitor of the container in {@code containerDir} listens. */
  public static Path of(Path containerDir) {
    Path inDir = containerDir.toAbsolutePath().resolve(NAME);
    if (inDir.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) {
      return inDir;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(
          inDir.toString().getBytes(StandardCharsets.UTF_8));
      return Path.of(System.getProperty("java.io.tmpdir"), "hoist-attach-"
          + HexFormat.of().formatHex(hash, 0, 12) + ".sock");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the monitor listens (the container runs, or restarts, with its stdin open). */
  public static boolean listening(Path containerDir) {
    return Files.exists(of(containerDir));
  }

  /**
   * Connects to the monitor of the container in {@code containerDir}; {@code closesStdin}: the
   * connection's end is the end of the container's stdin.
   *
   * @throws IOException when the monitor does not listen (the container does not run)
   */
  public static SocketChannel connect(Path containerDir, boolean closesStdin)
      throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(of(containerDir)));
      channel.write(ByteBuffer.wrap(new byte[] {(byte) (closesStdin ? '1' : '0')}));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }
}

package dev.hoist.internal.engine;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's socket activation ({@code sd_listen_fds(3)}): when {@code LISTEN_PID} is this
 * process and {@code LISTEN_FDS} is 1, the listening socket systemd made for the unit's
 * {@code hoist.socket} is served. systemd passes it as fd 3; Java adopts an inherited socket
 * only on fd 0 ({@link System#inheritedChannel}), so it has to be there too: the unit's
 * {@code StandardInput=socket} puts it there, and so does the {@code hoist} launcher
 * ({@code exec 0<&3} when {@code LISTEN_PID} is its own PID, which {@code exec java} keeps).
 * No native code: the JDK turns fd 0 into a {@link ServerSocketChannel}, UNIX or TCP.
 */
public final class SocketActivation {

  /** The socket systemd passed, and the URI it is served as. */
  public record Socket(ServerSocketChannel channel, String uri) {}

  private SocketActivation() {}

  /**
   * The socket passed to this process, or empty when it was not socket-activated.
   *
   * @throws IllegalArgumentException when systemd passed sockets hoist cannot serve (more
   *     than one, or none on standard input)
   */
  public static Optional<Socket> inherited(Map<String, String> env) throws IOException {
    String pid = env.get("LISTEN_PID");
    String fds = env.get("LISTEN_FDS");
    if (pid == null || fds == null
        || !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
      return Optional.empty(); // not for this process (sd_listen_fds ignores it too)
    }
    if (!fds.trim().equals("1")) {
      throw new IllegalArgumentException("LISTEN_FDS=" + fds + ": hoist serves one socket; "
          + "give hoist.socket one ListenStream=");
    }
    Channel channel = System.inheritedChannel();
    if (!(channel instanceof ServerSocketChannel listening)) {
      throw new IllegalArgumentException("socket-activated (LISTEN_FDS=1), but standard input "
          + "is not the listening socket: give the unit StandardInput=socket (Java adopts an "
          + "inherited socket on fd 0 only), or start it through the hoist launcher");
    }
    listening.configureBlocking(true);
    return Optional.of(new Socket(listening, ServiceAddress.uriOf(listening.getLocalAddress())));
  }
}

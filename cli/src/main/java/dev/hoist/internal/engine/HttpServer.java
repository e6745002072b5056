package dev.hoist.internal.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small HTTP/1.1 server on a Java 17 socket channel (UNIX or TCP): a thread per connection,
 * keep-alive, request bodies by length or chunked, and answers the {@link Handler} writes
 * whole, chunked or hijacked. Why not Netty or Jetty: docs/engine-api.md.
 */
final class HttpServer implements Closeable {
  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpRequest request, HttpResponse response) throws Exception;
  }

  private final ServerSocketChannel server;
  private final Handler handler;
  private final Map<String, String> defaultHeaders;
  private final Consumer<String> log;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger busy = new AtomicInteger();
  private volatile long lastActive = System.nanoTime();
  private volatile boolean closed;
  private Thread acceptor;

  private HttpServer(ServerSocketChannel server, Handler handler,
      Map<String, String> defaultHeaders, Consumer<String> log) {
    this.server = server;
    this.handler = handler;
    this.defaultHeaders = Map.copyOf(defaultHeaders);
    this.log = log;
  }

  /** Listens on {@code address} (a {@link UnixDomainSocketAddress} or an IP address). */
  static HttpServer bind(SocketAddress address, Handler handler,
      Map<String, String> defaultHeaders, Consumer<String> log) throws IOException {
    ServerSocketChannel channel = address instanceof UnixDomainSocketAddress
        ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
        : ServerSocketChannel.open();
    channel.bind(address, 128);
    return new HttpServer(channel, handler, defaultHeaders, log);
  }

  /** Serves on a channel already listening (one systemd passed: {@link SocketActivation}). */
  static HttpServer on(ServerSocketChannel listening, Handler handler,
      Map<String, String> defaultHeaders, Consumer<String> log) {
    return new HttpServer(listening, handler, defaultHeaders, log);
  }

  SocketAddress address() throws IOException {
    return server.getLocalAddress();
  }

  /** Starts accepting connections on a thread of its own. */
  void start() {
    acceptor = new Thread(this::accept, "hoist-api-accept");
    acceptor.start();
  }

  /** Nanoseconds since a request last ended, 0 while one is in progress. */
  long idleNanos() {
    return busy.get() > 0 ? 0 : System.nanoTime() - lastActive;
  }

  private void accept() {
    while (!closed) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.accept("accept: " + e.getMessage());
        }
        continue;
      }
      open.add(connection);
      Thread t = new Thread(() -> serve(connection), "hoist-api-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(ChannelStreams.in(connection), 16384);
      OutputStream out = new BufferedOutputStream(ChannelStreams.out(connection), 16384);
      while (!closed) {
        HttpRequest.Head head = HttpRequest.readHead(in);
        if (head == null) {
          return;
        }
        busy.incrementAndGet();
        try {
          if (!serveOne(head, in, out, connection)) {
            return;
          }
        } finally {
          lastActive = System.nanoTime();
          busy.decrementAndGet();
        }
      }
    } catch (IOException e) {
      // the client went away, or sent what is not HTTP: the connection ends
    } finally {
      open.remove(connection);
    }
  }

  /** One request; whether the connection stays for the next. */
  private boolean serveOne(HttpRequest.Head head, InputStream in, OutputStream out,
      SocketChannel connection) throws IOException {
    Map<String, String> headers = head.headers();
    InputStream body;
    String length = headers.get("content-length");
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = BodyStreams.chunked(in);
    } else if (length != null) {
      try {
        body = BodyStreams.limited(in, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + length);
      }
    } else if (isUpgrade(headers)) {
      body = in; // hijacked: the rest of the connection is the container's stdin
    } else {
      body = BodyStreams.limited(in, 0);
    }
    HttpRequest request = HttpRequest.of(head.method(), head.target(), headers, body, in);
    HttpResponse response = new HttpResponse(out, head.method().equals("HEAD"), defaultHeaders);
    try {
      handler.handle(request, response);
    } catch (ApiException e) {
      answerError(response, e.status(), e.getMessage());
    } catch (IOException e) {
      if (!response.committed() && connection.isOpen()) {
        answerError(response, 500, e.getMessage());
      } else {
        throw e;
      }
    } catch (Exception e) {
      log.accept("internal error on " + head.method() + " " + head.target() + ": " + e);
      answerError(response, 500, e.toString());
    }
    if (!response.committed()) {
      response.empty(204);
    }
    if (!response.keepAlive() || "close".equalsIgnoreCase(headers.get("connection"))
        || head.version().equals("HTTP/1.0")) {
      return false;
    }
    body.transferTo(OutputStream.nullOutputStream()); // what the handler left unread
    return true;
  }

  private static boolean isUpgrade(Map<String, String> headers) {
    String c = headers.get("connection");
    return headers.containsKey("upgrade") && c != null && c.toLowerCase().contains("upgrade");
  }

  private static void answerError(HttpResponse response, int status, String message)
      throws IOException {
    if (!response.committed()) {
      response.error(status, message);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (SocketChannel c : open) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    if (acceptor != null) {
      try {
        acceptor.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A keep-alive HTTP/1.1 load client over a UNIX socket (bench/engine-api.sh):
 * {@code java UnixLoad.java SOCKET PATH CLIENTS SECONDS} prints requests/s and p50/p99 latency.
 * Each client is one thread on one connection; answers must carry Content-Length.
 */
public class UnixLoad {
  public static void main(String[] args) throws Exception {
    String socket = args[0];
    String path = args[1];
    int clients = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: hoist\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    List<List<Long>> latencies = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        List<Long> mine = new ArrayList<>();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          ch.connect(UnixDomainSocketAddress.of(socket));
          ByteBuffer in = ByteBuffer.allocate(1 << 20);
          while (System.nanoTime() < end) {
            long start = System.nanoTime();
            ch.write(ByteBuffer.wrap(request));
            readAnswer(ch, in);
            mine.add(System.nanoTime() - start);
          }
        } catch (IOException e) {
          System.err.println("client: " + e);
        }
        latencies.add(mine);
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Long> all = new ArrayList<>();
    latencies.forEach(all::addAll);
    Collections.sort(all);
    if (all.isEmpty()) {
      System.out.println("no answers");
      return;
    }
    System.out.printf(Locale.ROOT, "%s clients=%d requests/s=%.0f p50=%.3fms p99=%.3fms%n", path,
        clients, all.size() / seconds, all.get(all.size() / 2) / 1e6,
        all.get((int) (all.size() * 0.99)) / 1e6);
  }

  /** Reads one answer (head, then Content-Length bytes); what follows stays in {@code in}. */
  static void readAnswer(SocketChannel ch, ByteBuffer in) throws IOException {
    while (true) {
      int headEnd = find(in, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headEnd >= 0) {
        String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        int total = headEnd + 4 + length;
        while (in.position() < total) {
          if (ch.read(in) < 0) {
            throw new IOException("closed");
          }
        }
        in.flip();
        in.position(total);
        in.compact();
        return;
      }
      if (ch.read(in) < 0) {
        throw new IOException("closed");
      }
    }
  }

  static int find(ByteBuffer in, byte[] what) {
    byte[] a = in.array();
    outer:
    for (int i = 0; i + what.length <= in.position(); i++) {
      for (int j = 0; j < what.length; j++) {
        if (a[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty 12 candidate (bench/engine-api.sh): {@code GET /_ping} answered as hoist's service
 * answers it, on a UNIX socket: {@code java -cp JETTY_JARS JettyPing.java SOCKET}.
 */
public class JettyPing {
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    Server server = new Server();
    UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
    connector.setUnixDomainPath(Path.of(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Api-Version", "1.47");
        response.getHeaders().put("Docker-Experimental", "false");
        response.getHeaders().put("Ostype", "linux");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap("OK".getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
      }
    });
    server.start();
    System.err.printf("jetty listening after %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    server.join();
  }
}

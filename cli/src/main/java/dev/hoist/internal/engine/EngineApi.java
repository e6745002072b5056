package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.ConflictException;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.NotFoundException;
import dev.hoist.internal.service.list.InvalidFilterException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine API over hoist's services: takes the version off the path ({@code /v1.47/…},
 * or none: the newest), refuses versions it does not speak, and answers through the routes;
 * the services' exceptions become Docker's error answers.
 */
public final class EngineApi implements HttpServer.Handler, AutoCloseable {
  /** The newest API version served (Docker Engine 27's). */
  static final String VERSION = "1.47";
  /**
   * The oldest one, Docker 25's: docker-compose 1.29 asks for the version of its file format
   * (1.35 for format 2.4, 1.30 for 2.3); the routes answer every version alike.
   */
  static final String MIN_VERSION = "1.24";

  private static final Pattern VERSIONED = Pattern.compile("/v(\\d+)\\.(\\d+)(/.*)");

  private final Router router = new Router();
  private final java.util.function.Consumer<String> log;
  private final AutoRemovals removals;

  /** The API over {@code hoist}'s services; {@code version}: hoist's own, for /version. */
  public EngineApi(Hoist hoist, String version, java.util.function.Consumer<String> log)
      throws java.io.IOException {
    this.log = log;
    removals = new AutoRemovals(hoist.containers(), log);
    removals.resume(); // what an earlier service was to remove
    new SystemRoutes(hoist, version).addTo(router);
    new ImageRoutes(hoist).addTo(router);
    new ContainerRoutes(hoist, removals).addTo(router);
    new ExecRoutes(hoist).addTo(router);
    new ArchiveRoutes(hoist).addTo(router);
    new VolumeRoutes(hoist).addTo(router);
    new NetworkRoutes(hoist).addTo(router);
    new PruneRoutes(hoist).addTo(router);
    new RegistryRoutes(hoist).addTo(router);
    new ContainerOperationRoutes(hoist).addTo(router);
    new StatsRoutes(hoist).addTo(router);
    new EventRoutes(hoist).addTo(router);
    new BuildRoutes(hoist).addTo(router);
  }

  /** The service stops: what it was doing in the background ends (AutoRemove's waits). */
  @Override
  public void close() {
    removals.close();
  }

  /** The headers every answer has, as Docker's. */
  static Map<String, String> headers(String version) {
    return Map.of("Api-Version", VERSION, "Docker-Experimental", "false", "Ostype", "linux",
        "Server", "hoist/" + version + " (linux)");
  }

  @Override
  public void handle(HttpRequest request, HttpResponse response) throws Exception {
    Matcher m = VERSIONED.matcher(request.path());
    if (m.matches()) {
      int asked = Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2));
      String given = m.group(1) + "." + m.group(2);
      if (asked > number(VERSION)) {
        throw new ApiException(400, "client version " + given
            + " is too new. Maximum supported API version is " + VERSION);
      }
      if (asked < number(MIN_VERSION)) {
        throw new ApiException(400, "client version " + given
            + " is too old. Minimum supported API version is " + MIN_VERSION
            + ", please upgrade your client to a newer version");
      }
      request = request.withPath(m.group(3));
    }
    String traced = dev.hoist.internal.runtime.Trace.on()
        ? request.method() + " " + request.path() : null;
    try {
      if (traced != null) {
        dev.hoist.internal.runtime.Trace.mark("api: " + traced);
      }
      router.dispatch(request, response);
    } catch (Router.NoRoute e) {
      log.accept("no route for " + request.method() + " " + request.path());
      throw e;
    } catch (NotFoundException e) {
      throw new ApiException(404, e.getMessage());
    } catch (InvalidFilterException e) {
      throw new ApiException(400, e.getMessage());
    } catch (ConflictException e) {
      throw new ApiException(409, e.getMessage()); // a name taken, a container running, …
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    } finally {
      if (traced != null) {
        dev.hoist.internal.runtime.Trace.mark("api: " + traced + " done");
      }
    }
  }

  private static int number(String version) {
    String[] parts = version.split("\\.");
    return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
  }
}

package dev.hoist.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API's routes: a method and a path pattern each, its groups handed to the route. */
final class Router {
  /** Answers a request whose path matched; {@code path} holds the pattern's groups. */
  @FunctionalInterface
  interface Route {
    void handle(HttpRequest request, HttpResponse response, List<String> path) throws Exception;
  }

  private record Entry(String method, Pattern pattern, Route route) {}

  private final List<Entry> entries = new ArrayList<>();

  /** {@code pattern}: a regular expression over the whole path (the version taken off). */
  Router add(String method, String pattern, Route route) {
    entries.add(new Entry(method, Pattern.compile(pattern), route));
    return this;
  }

  /**
   * Answers the request by the first route whose method and pattern match ({@code HEAD} also
   * by a {@code GET} route); a path no route has is {@code 404}, one with other methods
   * {@code 405}... as Docker's: {@code 404 page not found} for both.
   */
  void dispatch(HttpRequest request, HttpResponse response) throws Exception {
    for (Entry e : entries) {
      boolean method = e.method().equals(request.method())
          || (request.method().equals("HEAD") && e.method().equals("GET"));
      if (!method) {
        continue;
      }
      Matcher m = e.pattern().matcher(request.path());
      if (m.matches()) {
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
          groups.add(m.group(i));
        }
        e.route().handle(request, response, groups);
        return;
      }
    }
    throw new NoRoute();
  }

  /** No route has the request's method and path: Docker's {@code 404 page not found}. */
  static final class NoRoute extends ApiException {
    NoRoute() {
      super(404, "page not found");
    }
  }
}

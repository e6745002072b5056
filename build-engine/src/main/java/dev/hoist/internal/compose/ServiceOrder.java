package dev.hoist.internal.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order {@code up} starts services in: each after what it {@code depends_on} (the loader
 * has refused cycles), in file order otherwise; with services named, those and what they need.
 */
final class ServiceOrder {
  private ServiceOrder() {}

  static List<String> of(ComposeProject project, List<String> wanted) {
    Set<String> out = new LinkedHashSet<>();
    List<String> roots = wanted.isEmpty() ? new ArrayList<>(project.services().keySet())
        : wanted;
    for (String name : roots) {
      visit(project, name, out);
    }
    return new ArrayList<>(out);
  }

  private static void visit(ComposeProject project, String name, Set<String> out) {
    if (out.contains(name) || !project.services().containsKey(name)) {
      if (!project.services().containsKey(name) && !out.contains(name)) {
        project.service(name); // a clear error naming the services there are
      }
      return;
    }
    for (String d : project.services().get(name).dependsOn().keySet()) {
      if (project.services().containsKey(d)) {
        visit(project, d, out);
      }
    }
    out.add(name);
  }
}

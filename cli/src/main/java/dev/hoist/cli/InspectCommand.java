package dev.hoist.cli;

import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.NotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist inspect [--type T] [-s] [-f FORMAT] NAME…}: containers, images, networks and
 * volumes in Docker's shapes (the services' {@code dockerInspect}); a name is looked up in that
 * order unless {@code --type} says which, as {@code docker inspect} does. The objects found are
 * printed; then each name not found is an error.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show containers, images, networks or volumes as Docker's JSON.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME|ID", arity = "1..*") List<String> references;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "Format the output: 'json', or a Go template run over each object.")
  String format;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Only this kind of object: container, image, network or volume.")
  String type;

  @Option(names = {"-s", "--size"},
      description = "Containers with their sizes (SizeRw, SizeRootFs).")
  boolean size;

  @Spec
  CommandSpec spec;

  /** The kinds of object, in the order a name is looked up without {@code --type}. */
  enum Kind { CONTAINER, IMAGE, NETWORK, VOLUME }

  @Override
  public Integer call() throws IOException {
    List<Kind> kinds = kinds();
    Hoist hoist = Cli.hoist(spec);
    List<Object> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String reference : references) {
      Object object = find(hoist, kinds, reference);
      if (object == null) {
        missing.add("No such " + (kinds.size() == 1 ? word(kinds.get(0)) : "object") + ": "
            + reference);
      } else {
        found.add(object);
      }
    }
    InspectFormat.printObjects(spec.commandLine().getOut(), found, format);
    if (!missing.isEmpty()) {
      throw new UserError(String.join("\nerror: ", missing));
    }
    return 0;
  }

  private List<Kind> kinds() {
    if (type == null || type.isEmpty()) {
      return List.of(Kind.values());
    }
    for (Kind k : Kind.values()) {
      if (word(k).equals(type)) {
        if (size && k != Kind.CONTAINER) {
          throw new UserError("--size (-s) only applies to containers, not to --type " + type);
        }
        return List.of(k);
      }
    }
    throw new UserError("\"" + type + "\" is not a valid value for --type "
        + "(container, image, network or volume)");
  }

  private static String word(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The first of {@code kinds} that has {@code reference}, in its shape; null: none has. */
  private Object find(Hoist hoist, List<Kind> kinds, String reference) throws IOException {
    for (Kind kind : kinds) {
      try {
        return switch (kind) {
          case CONTAINER -> hoist.containers().dockerInspect(reference, size);
          case IMAGE -> hoist.images().dockerInspect(reference);
          case NETWORK -> hoist.networks().dockerInspect(reference);
          case VOLUME -> hoist.volumes().dockerInspect(reference, false);
        };
      } catch (NotFoundException e) {
        // not this kind: the next
      } catch (IllegalArgumentException e) {
        if (kind == Kind.CONTAINER || kinds.size() == 1) {
          throw new UserError(e.getMessage()); // an ambiguous ID prefix, a malformed name
        }
        // not a valid name of this kind (an image reference, say): the next
      }
    }
    return null;
  }
}

package dev.hoist.cli;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.ManifestService;
import dev.hoist.internal.service.ManifestService.PlatformEdit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist manifest create|add|annotate|inspect|push|rm}: manifest lists as Docker's and
 * podman's, each subcommand one call of {@link ManifestService}.
 */
@Command(name = "manifest", mixinStandardHelpOptions = true,
    description = "Manage manifest lists (multi-platform images) in the local store.",
    subcommands = {ManifestCommand.Create.class, ManifestCommand.Add.class,
        ManifestCommand.Annotate.class, ManifestCommand.Inspect.class, ManifestCommand.Push.class,
        ManifestCommand.Rm.class})
final class ManifestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static ManifestService manifests(CommandSpec spec) {
    return Cli.hoist(spec).manifests();
  }

  /** The platform options of {@code annotate} and {@code add}. */
  static final class PlatformOptions {
    @Option(names = "--os", paramLabel = "OS", description = "The entry's operating system.")
    String os;

    @Option(names = "--arch", paramLabel = "ARCH", description = "The entry's architecture.")
    String arch;

    @Option(names = "--variant", paramLabel = "VARIANT", description = "The entry's CPU variant.")
    String variant;

    @Option(names = "--os-version", paramLabel = "VERSION", description = "The entry's OS version.")
    String osVersion;

    @Option(names = "--os-features", paramLabel = "FEATURE", split = ",",
        description = "The entry's OS features (comma-separated).")
    List<String> osFeatures = new ArrayList<>();

    PlatformEdit edit() {
      return new PlatformEdit(os, arch, variant, osVersion, osFeatures);
    }
  }

  /** What {@code create} and {@code add} share: the list, the images, {@code --all}. */
  static final class ListedImages {
    @Option(names = "--all",
        description = "Of a multi-platform IMAGE, add every image (default: this machine's).")
    boolean all;

    @Parameters(index = "0", paramLabel = "LIST", description = "The list's name.")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "The images.")
    List<String> sources = new ArrayList<>();
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a local manifest list of images (of the local store, else of a "
          + "registry; written into the store with the list).")
  static final class Create implements Callable<Integer> {
    @Option(names = {"-a", "--amend"}, description = "Add to the list if it exists already.")
    boolean amend;

    @Mixin ListedImages listed;

    @Mixin ProgressOption progress;

    @Mixin RegistryFlags flags;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(manifests(spec).create(listed.name, listed.sources,
          listed.all, amend,
          flags.overrides(), progress.display(spec.commandLine().getErr())).digest());
      return 0;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add images to a local manifest list (an entry of the same digest replaced).")
  static final class Add implements Callable<Integer> {
    @Mixin ListedImages listed;

    @Mixin PlatformOptions platform;

    @Mixin ProgressOption progress;

    @Mixin RegistryFlags flags;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(manifests(spec).add(listed.name, listed.sources,
          listed.all,
          platform.edit(), flags.overrides(), progress.display(spec.commandLine().getErr()))
          .digest());
      return 0;
    }
  }

  @Command(name = "annotate", mixinStandardHelpOptions = true,
      description = "Change the platform (or annotations) of an entry of a local manifest list.")
  static final class Annotate implements Callable<Integer> {
    @Mixin PlatformOptions platform;

    @Option(names = "--annotation", paramLabel = "KEY=VALUE",
        description = "An annotation of the entry (repeatable).")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Mixin RegistryFlags flags;

    @Parameters(index = "0", paramLabel = "LIST", description = "The list.")
    String name;

    @Parameters(index = "1", paramLabel = "IMAGE",
        description = "The entry: its digest, or the image (name or ID) it was made from.")
    String image;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(manifests(spec).annotate(name, image, platform.edit(),
          annotations, flags.overrides()).digest());
      return 0;
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show a manifest list (the local one, else the registry's) or an image's "
          + "manifest, as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Option(names = {"-v", "--verbose"},
        description = "Each image's reference, descriptor, raw bytes and manifest.")
    boolean verbose;

    @Mixin RegistryFlags flags;

    @Parameters(paramLabel = "NAME", description = "The list or image.")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(CanonicalJson.pretty(
          manifests(spec).inspect(name, verbose, flags.overrides())));
      return 0;
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Push a local manifest list and the images it names to a registry.")
  static final class Push implements Callable<Integer> {
    @Option(names = "--all", arity = "0..1", defaultValue = "true", fallbackValue = "true",
        description = "Push the images the list names too (always: --all=false is refused).")
    boolean all;

    @Option(names = {"-p", "--purge", "--rm"},
        description = "Remove the local list once pushed.")
    boolean purge;

    @Mixin ProgressOption progress;

    @Mixin RegistryFlags flags;

    @Parameters(index = "0", paramLabel = "LIST", description = "The local list.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET",
        description = "Where to push it, when not to LIST's own name.")
    String target;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!all) {
        throw new UserError("--all=false is not supported: hoist pushes the images a list names "
            + "with it (those the registry has are skipped)");
      }
      TransferResult pushed = manifests(spec).push(name, target, purge, flags.overrides(),
          progress.display(spec.commandLine().getErr()));
      spec.commandLine().getOut().println(pushed.root().digest());
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove local manifest lists (their images stay until a prune).")
  static final class Rm implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "LIST", description = "The lists.")
    List<String> names = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      manifests(spec).remove(names);
      return 0;
    }
  }
}

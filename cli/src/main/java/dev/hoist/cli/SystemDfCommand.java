package dev.hoist.cli;

import dev.hoist.service.Hoist;
import dev.hoist.service.SystemService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system df}: disk use of the local store, as {@code docker system df}. Images
 * counts tagged and dangling images; ACTIVE and RECLAIMABLE are what a prune keeps and frees.
 */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show how much disk the local store uses, and how much a prune would free.")
final class SystemDfCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Hoist hoist = Cli.hoist(spec);
    SystemService.DiskUsage usage = hoist.system().diskUsage();
    SnapshotUse snapshots = SnapshotUse.of(hoist.context().home().snapshots());
    Table table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
    row(table, "Images", usage.images());
    row(table, "Blobs", usage.blobs());
    row(table, "Build Cache", usage.buildCache());
    table.row("Layer snapshots", Long.toString(snapshots.count), "-",
        Sizes.human(snapshots.bytes),
        "-");
    table.print(spec.commandLine().getOut());
    return 0;
  }

  private static void row(Table table, String type, SystemService.Usage usage) {
    table.row(type, Long.toString(usage.total()), Long.toString(usage.active()),
        Sizes.human(usage.bytes()), Sizes.human(usage.reclaimable()));
  }

  /** The snapshots and the bytes their files hold, from one walk. */
  private static final class SnapshotUse extends SimpleFileVisitor<Path> {
    private final Path root;
    private long count;
    private long bytes;

    private SnapshotUse(Path root) {
      this.root = root;
    }

    static SnapshotUse of(Path root) throws IOException {
      SnapshotUse use = new SnapshotUse(root);
      if (Files.isDirectory(root)) {
        Files.walkFileTree(root, use);
      }
      return use;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
      if (root.equals(dir.getParent())) {
        count++;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
      if (attributes.isRegularFile()) {
        bytes += attributes.size();
      }
      return FileVisitResult.CONTINUE;
    }
  }
}

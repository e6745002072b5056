package dev.hoist.cli;

import dev.hoist.cache.model.Digest;
import dev.hoist.cache.store.ContentStore;
import dev.hoist.cache.store.HoistHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoist system check}: re-verifies every blob against its digest. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Re-hash every blob in the local store and report any whose content no "
        + "longer matches its digest. Exit code 1 when one does not.")
final class SystemCheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    HoistHome home = Cli.hoist(spec).context().home();
    ContentStore store = new ContentStore(home);
    PrintWriter out = spec.commandLine().getOut();
    List<Digest> bad = new ArrayList<>();
    long bytes = 0;
    List<Digest> all = store.list();
    for (Digest digest : all) {
      bytes += store.size(digest).orElse(0L);
      if (!store.verify(digest)) {
        bad.add(digest);
        out.println("MISMATCH " + digest + "  " + (java.nio.file.Files.exists(store.path(digest))
            ? store.path(digest) : "(a built layer, made again from its snapshot)"));
      }
    }
    out.printf("checked %d blobs (%s) in %s: %s%n", all.size(), Sizes.human(bytes),
        home.root(), bad.isEmpty() ? "all match their digests"
            : bad.size() + " do not match (remove them with hoist system prune, then pull or "
                + "build again)");
    return bad.isEmpty() ? 0 : 1;
  }
}

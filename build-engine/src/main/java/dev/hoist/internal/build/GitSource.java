package dev.hoist.internal.build;

import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An {@code ADD} source that is a git repository, as BuildKit reads one:
 * {@code URL[#REF[:SUBDIR]]}. The repository is fetched at {@code REF} (a branch, tag or commit;
 * without one, the remote's {@code HEAD}) shallowly ({@code git fetch --depth 1}), or fully when
 * the server refuses a shallow fetch of that ref (an abbreviated commit, a dumb server), and
 * checked out. What is copied is the contents of the checkout, or of {@code SUBDIR}; {@code .git}
 * is left out unless {@code --keep-git-dir=true}. Every file's mtime is the Unix epoch, so the
 * layer does not depend on when the clone ran; modes are as git checks files out (0644, or 0755
 * for executables; directories 0755) whatever the umask; symlinks stay symlinks.
 */
final class GitSource {
  /**
   * A checked-out repository: the source as written (credentials removed), the commit it
   * resolved to, the directory whose contents are copied, and the work directory to delete.
   */
  record Checkout(String source, String commit, Path root, Path work) {}

  /** A git source split as BuildKit does: the URL, the ref (null: HEAD), the subdirectory. */
  record Location(String url, String ref, String subdir) {
    static Location parse(String source) {
      int hash = source.indexOf('#');
      if (hash < 0) {
        return new Location(source, null, null);
      }
      String fragment = source.substring(hash + 1);
      int colon = fragment.indexOf(':');
      String ref = colon < 0 ? fragment : fragment.substring(0, colon);
      String subdir = colon < 0 ? null : fragment.substring(colon + 1);
      return new Location(source.substring(0, hash), ref.isEmpty() ? null : ref,
          subdir == null || SourceTree.clean(subdir).isEmpty() ? null : subdir);
    }
  }

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,40}");

  private GitSource() {}

  /**
   * Fetches and checks out {@code source} under {@code dir}. {@code where} prefixes error
   * messages (the Dockerfile, line and instruction: {@code "Dockerfile:3: ADD "}); {@code log} gets git's stderr lines. Every failure is one
   * {@link BuildException} line naming the repository (without credentials).
   */
  static Checkout fetch(String source, boolean keepGitDir, Path dir, String where,
      Consumer<String> log) throws IOException, InterruptedException {
    String shown = UrlSource.redacted(source);
    Location at = Location.parse(source);
    Path repo = Files.createDirectory(dir.resolve("repo"));
    Path home = Files.createDirectory(dir.resolve("home"));
    String safeUrl = UrlSource.redacted(at.url());
    GitProcess git = new GitProcess(repo, home, log,
        line -> UrlSource.redacted(line.replace(at.url(), safeUrl)));
    String fail = where + shown + ": ";
    // git takes an argument starting with '-' as an option wherever it stands (before "--")
    if (at.ref() != null && at.ref().startsWith("-")) {
      throw new BuildException(fail + "invalid ref " + at.ref()
          + ": a ref cannot start with '-'");
    }
    if (at.url().startsWith("-")) {
      throw new BuildException(fail + "invalid repository URL: it cannot start with '-'");
    }
    check(git.run("init", "-q"), fail + "git init failed: ");
    check(git.run("remote", "add", "--", "origin", at.url()), fail + "git remote add failed: ");
    String ref = at.ref() == null ? "HEAD" : at.ref();
    String target = "FETCH_HEAD";
    GitProcess.Result shallow = git.run("fetch", "--depth", "1", "--no-tags", "--", "origin",
        ref);
    if (!shallow.ok()) {
      // a ref the server will not fetch by name (an abbreviated commit), or no shallow support
      GitProcess.Result full = at.ref() == null ? git.run("fetch", "--", "origin", "HEAD")
          : git.run("fetch", "--tags", "--", "origin", "+refs/heads/*:refs/remotes/origin/*");
      check(full, fail + "git fetch failed: ");
      if (at.ref() != null) {
        target = resolve(git, at.ref());
        if (target == null) {
          throw new BuildException(fail + "ref " + at.ref() + " not found in the repository ("
              + shallow.error() + ")");
        }
      }
    }
    check(git.run("checkout", "-q", "--detach", target), fail + "git checkout failed: ");
    GitProcess.Result head = git.run("rev-parse", "HEAD");
    check(head, fail + "git rev-parse failed: ");
    if (!safeUrl.equals(at.url())) {
      git.run("remote", "set-url", "origin", safeUrl); // no credentials kept in .git/config
    }
    if (!keepGitDir) {
      Trees.delete(repo.resolve(".git"));
    }
    normalize(repo);
    Path root = repo;
    if (at.subdir() != null) {
      String sub = InRoot.resolve(repo, SourceTree.clean(at.subdir()));
      root = repo.resolve(sub);
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new BuildException(fail + "subdirectory " + at.subdir() + " is not a directory "
            + "in commit " + head.stdout());
      }
    }
    return new Checkout(shown, head.stdout(), root, dir);
  }

  /** The commit {@code ref} names after a full fetch (a branch, tag or commit), or null. */
  private static String resolve(GitProcess git, String ref)
      throws IOException, InterruptedException {
    for (String candidate : new String[] {"refs/remotes/origin/" + ref, "refs/tags/" + ref,
        ref}) {
      GitProcess.Result r = git.run("rev-parse", "-q", "--verify", candidate + "^{commit}");
      if (r.ok() && !r.stdout().isEmpty()) {
        return r.stdout();
      }
    }
    return null;
  }

  private static void check(GitProcess.Result r, String message) {
    if (!r.ok()) {
      throw new BuildException(message + (r.error().isEmpty() ? "exit code " + r.exitCode()
          : r.error()));
    }
  }

  /** Checks a {@code --checksum}: the resolved commit must start with it. */
  static void verify(Checkout c, String checksum, String where) {
    String expected = parseChecksum(checksum, where);
    if (!c.commit().startsWith(expected)) {
      throw new BuildException(where + "ADD " + c.source() + ": checksum mismatch: expected "
          + "commit " + expected + ", the ref resolved to commit " + c.commit());
    }
  }

  /** A git checksum: a commit id or a prefix of one (4 to 40 hex digits). */
  static String parseChecksum(String checksum, String where) {
    String hex = checksum.toLowerCase(Locale.ROOT);
    if (!HEX.matcher(hex).matches()) {
      throw new BuildException(where + "ADD --checksum=" + checksum + ": for a git repository, "
          + "expected a commit id (4 to 40 hex digits)");
    }
    return hex;
  }

  /** Modes as git checks out (whatever the umask), every mtime the Unix epoch. */
  private static void normalize(Path root) throws IOException {
    FileTime epoch = FileTime.fromMillis(0);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(file, "unix:mode", (mode & 0100) != 0 ? 0755 : 0644);
        }
        setTimes(file, epoch);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.setAttribute(d, "unix:mode", 0755);
        setTimes(d, epoch);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void setTimes(Path p, FileTime t) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(t, t, null);
  }
}

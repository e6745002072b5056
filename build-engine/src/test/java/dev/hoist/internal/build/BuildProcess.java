package dev.hoist.internal.build;

import java.nio.file.Path;

/**
 * {@code BuildProcess WORK SECRET}: a build in a process of its own (for tests that kill it), of
 * the Dockerfile in {@code WORK/context} on the home {@code WORK/home}, with the secret
 * {@code token} read from the file {@code SECRET}.
 */
public final class BuildProcess {
  private BuildProcess() {}

  public static void main(String[] args) throws Exception {
    BuildFixture f = new BuildFixture(Path.of(args[0]), "home");
    f.build(b -> b.secret(new SecretSource("token", Path.of(args[1]), null)));
  }
}

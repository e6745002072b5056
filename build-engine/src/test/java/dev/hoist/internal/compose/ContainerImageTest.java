package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code compose images}' repository and tag, read from a container's image reference. */
class ContainerImageTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static String repositoryAndTag(String image) {
    ComposeControl.ContainerImage i = ComposeControl.ContainerImage.of("p-web-1", "web", image,
        "sha256:feed");
    return i.repository() + " " + i.tag();
  }

  @Test
  void aReferenceIsReadAsComposeReadsIt() {
    assertEquals("busybox latest", repositoryAndTag("busybox"));
    assertEquals("busybox 1.36", repositoryAndTag("docker.io/library/busybox:1.36"));
    assertEquals("localhost:5000/team/app 2", repositoryAndTag("localhost:5000/team/app:2"));
    assertEquals("team/app <none>", repositoryAndTag("team/app@" + DIGEST));
    assertEquals("localhost:5000/app <none>", repositoryAndTag("localhost:5000/app:2@" + DIGEST),
        "a digest wins over the tag, as reference.ParseDockerRef drops it");
    assertEquals("<none> <none>", repositoryAndTag("Not A Reference"));
  }
}

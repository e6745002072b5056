package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build:} sections with real builds and containers: {@code up} builds a service without
 * an image (tagged {@code PROJECT-SERVICE}) and one with {@code dockerfile_inline} (tagged its
 * {@code image:}), with args, target and labels; a second {@code up} builds nothing;
 * {@code up --build} after an edit rebuilds and recreates; {@code --no-build} refuses a
 * missing image; {@code ssh} is refused; {@code build.secrets} from a file and from the
 * environment reach {@code RUN --mount=type=secret}; {@code build.extra_hosts} and
 * {@code build.shm_size} reach the RUN steps. Root, as ComposeUpTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeBuildTest {
  @TempDir static Path dir;

  @BeforeAll
  void setUp() throws Exception {
    UserNetworkTest.setUpHome(dir);
  }

  @AfterAll
  void tearDown() {
    new ComposeCli(file(), "cbuild").down();
    UserNetworkTest.tearDownHome();
  }

  private static Path file() {
    return dir.resolve("proj").resolve("compose.yaml");
  }

  private static void write(String greeting) throws Exception {
    Path app = Files.createDirectories(dir.resolve("proj").resolve("app"));
    Files.writeString(app.resolve("Containerfile"), """
        FROM busybox:test AS base
        ARG GREETING
        RUN echo "$GREETING" > /greeting
        FROM base AS final
        RUN echo not-the-target > /greeting
        """);
    Files.writeString(file(), """
        services:
          app:
            build:
              context: ./app
              dockerfile: Containerfile
              target: base
              args:
                GREETING: %s
              labels:
                org.example.built-by: compose
            command: ["sleep", "600"]
            init: true
          inline:
            image: cbuild-inline:1
            build:
              context: ./app
              args: [HOIST_ARG_FROM_DOTENV]
              dockerfile_inline: |
                FROM busybox:test
                ARG HOIST_ARG_FROM_DOTENV
                RUN echo inline > /greeting
                RUN echo "$HOIST_ARG_FROM_DOTENV" > /arg
                RUN --mount=type=secret,id=token cp /run/secrets/token /token
                RUN --mount=type=secret,id=fromenv cp /run/secrets/fromenv /fromenv
                RUN grep db /etc/hosts > /hosts; grep ' /dev/shm ' /proc/mounts > /shm; true
              extra_hosts: ["db=10.0.0.5"]
              shm_size: 96m
              secrets:
                - token
                - {source: path, target: fromenv}
            environment: [HOIST_ENV_FROM_DOTENV]
            command: ["sleep", "600"]
            init: true
        secrets:
          token: {file: ./token.txt}
          path: {environment: HOIST_BUILD_SECRET}
        """.formatted(greeting));
    Files.writeString(dir.resolve("proj").resolve("token.txt"), "s3cret");
    Files.writeString(dir.resolve("proj").resolve(".env"), "HOIST_BUILD_SECRET=from-dotenv\n"
        + "HOIST_ARG_FROM_DOTENV=arg-from-dotenv\nHOIST_ENV_FROM_DOTENV=env-from-dotenv\n");
  }

  private static ContainerCommandsTest.Result compose(String... args) {
    return new ComposeCli(file(), "cbuild").run(args);
  }

  private static String greeting(String service) {
    ContainerCommandsTest.Result r = compose("exec", "-T", service, "cat", "/greeting");
    assertEquals(0, r.code(), r.all());
    return r.out();
  }

  @Test
  void upBuildsMissingImagesOnceAndUpBuildRebuildsAndRecreates() throws Exception {
    write("hello");
    ContainerCommandsTest.Result up = compose("up", "-d");
    assertEquals(0, up.code(), up.all());
    assertTrue(up.err().contains("Image cbuild-app  Built"), up.err());
    assertTrue(up.err().contains("Image cbuild-inline:1  Built"), up.err());
    assertEquals("hello\n", greeting("app"));
    assertEquals("inline\n", greeting("inline"));
    assertEquals("s3cretfrom-dotenv", compose("exec", "-T", "inline", "cat",
        "/token", "/fromenv").out(), "build secrets from a file and from a variable of .env");
    assertEquals("arg-from-dotenv\nenv-from-dotenv\n", compose("exec", "-T", "inline", "sh",
        "-c", "cat /arg; echo \"$HOIST_ENV_FROM_DOTENV\"").out(),
        "a build arg and a variable given as KEY alone take .env's values");
    assertEquals("10.0.0.5\tdb\n", compose("exec", "-T", "inline", "cat", "/hosts").out(),
        "build.extra_hosts in the RUN step's /etc/hosts");
    assertTrue(compose("exec", "-T", "inline", "cat", "/shm").out().contains("size=98304k"),
        "build.shm_size is the RUN step's /dev/shm");
    assertEquals("compose\n", ContainerCommandsTest.ok("image", "inspect", "-f",
        "{{index .Config.Labels \"org.example.built-by\"}}", "cbuild-app").out());

    String again = compose("up", "-d").err();
    assertFalse(again.contains("Built"), again);
    assertTrue(again.contains("Container cbuild-app-1  Running"), again);

    String appId = ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "cbuild-app-1").out();
    String inlineId = ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "cbuild-inline-1")
        .out();
    write("changed");
    ContainerCommandsTest.Result rebuilt = compose("up", "-d", "--build");
    assertEquals(0, rebuilt.code(), rebuilt.all());
    assertTrue(rebuilt.err().contains("Container cbuild-app-1  Recreated"), rebuilt.err());
    assertEquals("changed\n", greeting("app"));
    assertNotEquals(appId, ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}", "cbuild-app-1")
        .out());
    // rebuilt from the cache: the same image, the container left
    assertTrue(rebuilt.err().contains("Container cbuild-inline-1  Running"), rebuilt.err());
    assertEquals(inlineId, ContainerCommandsTest.ok("inspect", "-f", "{{.Id}}",
        "cbuild-inline-1").out());

    ContainerCommandsTest.Result build = compose("build", "-q", "--no-cache", "app");
    assertEquals(0, build.code(), build.all());
    assertTrue(build.err().contains("Image cbuild-app  Built"), build.err());
    assertFalse(build.err().contains("cbuild-inline"), build.err());
    assertFalse(build.err().lines().anyMatch(l -> l.startsWith("#")), "-q: no build steps: "
        + build.err());
  }

  @Test
  void noBuildRefusesAMissingImageAndSshIsRefused() throws Exception {
    Path p = Files.createDirectories(dir.resolve("other"));
    Files.writeString(p.resolve("compose.yaml"), """
        services:
          never:
            build: .
        """);
    ComposeCli never = new ComposeCli(p.resolve("compose.yaml"), "cbuildno");
    ContainerCommandsTest.Result r = never.run("up", "-d", "--no-build");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("services.never: image cbuildno-never is not built and "
        + "--no-build forbids building it"), r.err());
    assertFalse(ContainerCommandsTest.ok("network", "ls").out().contains("cbuildno"));

    Files.writeString(p.resolve("compose.yaml"), """
        services:
          never:
            build:
              context: .
              ssh: [default]
        """);
    r = never.run("config");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains(":5: services.never.build.ssh: SSH agent forwarding"), r.err());
  }
}

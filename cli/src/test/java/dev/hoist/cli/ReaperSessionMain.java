package dev.hoist.cli;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers session, with its reaper on, that ends as a killed test JVM does: it starts
 * a container, prints {@code container=ID}, and halts without closing anything (no shutdown
 * hook runs), so that only the reaper can remove what it started. Run by
 * {@link TestcontainersReaperTest} in a JVM of its own.
 */
public final class ReaperSessionMain {
  private ReaperSessionMain() {}

  public static void main(String[] args) {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(args[0]))
        .withCommand("sh", "-c", "echo session container up && exec sleep 600")
        .waitingFor(Wait.forLogMessage(".*session container up.*\\n", 1)
            .withStartupTimeout(Duration.ofMinutes(2)));
    c.start();
    System.out.println("container=" + c.getContainerId());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}

package com.example.hoistdemo;

import dev.hoist.api.ContainerRequest;
import dev.hoist.api.ContainerStatus;
import dev.hoist.api.EmbeddedHoist;
import dev.hoist.api.HoistBuildException;
import dev.hoist.api.HoistListener;
import dev.hoist.api.HoistNotFoundException;
import dev.hoist.api.HoistRegistryException;
import dev.hoist.api.InspectedImage;
import dev.hoist.api.ListedImage;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The snippets of docs/java-api.md that the example's main does not show, compiled here so the
 * document cannot drift from the API ({@link DocSnippetsTest} checks each block is in a source).
 */
final class ApiSnippets {
  private ApiSnippets() {}

  static EmbeddedHoist open(Path home, String registry, String user, String password) {
    EmbeddedHoist hoist = EmbeddedHoist.builder()
        .home(home)                              // default: as the CLI's ($HOIST_HOME, …)
        .insecureRegistry(registry)              // plain HTTP / unverified TLS
        .credentials(registry, user, password)   // before Docker's config.json
        .listener(new HoistListener() {
          @Override
          public void stepOutput(String step, String line) {
            System.out.println(step + ": " + line);
          }
        })
        .open();
    return hoist;
  }

  static void inspectAndList(EmbeddedHoist hoist) {
    InspectedImage image = hoist.inspect("localhost:5000/team/app:1");
    System.out.println(image.manifest().digest() + " " + image.imageId() + " " + image.platform());
    System.out.println(image.env() + " " + image.entrypoint() + " " + image.cmd());
    System.out.println(image.labels() + " " + image.layers().size() + " layers");
    hoist.tag("localhost:5000/team/app:1", "app:latest");
    for (ListedImage listed : hoist.images()) {
      System.out.println(listed.name().orElse("<none>") + " " + listed.imageId());
    }
    hoist.removeImage("app:latest");
  }

  static int streams(EmbeddedHoist hoist, OutputStream out, OutputStream err) {
    int exitCode = hoist.run(ContainerRequest.builder("app:latest")
        .command("sh", "-c", "echo $GREETING")
        .env("GREETING", "hello")
        .workingDir("/tmp")
        .build(), out, err);
    return exitCode;
  }

  static void detached(EmbeddedHoist hoist) {
    String id = hoist.create(ContainerRequest.builder("app:latest").name("worker")
        .command("sleep", "600").build());
    hoist.start(id);
    OptionalInt ended = hoist.awaitExit(id, Duration.ofSeconds(1)); // empty: still running
    ContainerStatus stopped = hoist.stop("worker", Duration.ofSeconds(10));
    hoist.removeContainer(id, false);
  }

  static void errors(EmbeddedHoist hoist) {
    try {
      hoist.push("localhost:5000/team/app:1");
    } catch (HoistRegistryException e) {
      if (e.code() == HoistRegistryException.Code.UNAUTHORIZED) {
        System.err.println("wrong credentials for the registry: " + e.getMessage());
      }
    } catch (HoistNotFoundException e) {
      System.err.println(e.getMessage());
    } catch (HoistBuildException e) {
      System.err.println("Dockerfile line " + e.line() + ": " + e.getMessage());
    }
  }
}

package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 409 and 400 told apart by what the services throw ({@code ConflictException} or another
 * {@code IllegalArgumentException}), not by their wording: a refusal whose message says
 * "conflicting" is bad input (400), one that says nothing of a conflict but is one (a container
 * that is not paused) is 409.
 */
class EngineApiStatusTest {
  @TempDir Path dir;

  @Test
  void conflictsAre409AndBadInputIs400WhateverTheirWords() throws Exception {
    try (DockerCliHarness api = DockerCliHarness.start(dir)) {
      Result created = post(api, "/containers/create?name=st1", "{\"Image\":\"busybox:test\"}");
      assertTrue(created.out().endsWith(" 201"), created.all());
      Result taken = post(api, "/containers/create?name=st1", "{\"Image\":\"busybox:test\"}");
      assertTrue(taken.out().endsWith(" 409"), taken.all());
      assertTrue(taken.out().contains("is already in use"), taken.all());

      // "conflicting options: cannot specify both --restart and --rm": 400, as Docker's
      Result options = post(api, "/containers/create", "{\"Image\":\"busybox:test\","
          + "\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}");
      assertTrue(options.out().endsWith(" 400"), options.all());
      assertTrue(options.out().contains("conflicting options"), options.all());

      // "container st1 is not paused": a conflict in other words
      Result unpause = post(api, "/containers/st1/unpause", "");
      assertTrue(unpause.out().endsWith(" 409"), unpause.all());
      assertTrue(unpause.out().contains("is not paused"), unpause.all());

      Result network = post(api, "/networks/create", "{\"Name\":\"st-net\"}");
      assertTrue(network.out().endsWith(" 201"), network.all());
      Result again = post(api, "/networks/create", "{\"Name\":\"st-net\"}");
      assertTrue(again.out().endsWith(" 409"), again.all());
      Result bad = post(api, "/containers/create", "{\"Image\":");
      assertTrue(bad.out().endsWith(" 400"), bad.all());

      assertEquals(0, DockerCliHarness.hoistCli("rm", "st1").code());
      assertEquals(0, DockerCliHarness.hoistCli("network", "rm", "st-net").code());
    }
  }

  private static Result post(DockerCliHarness api, String path, String body) throws Exception {
    return api.curl("-w", " %{http_code}", "-X", "POST", "-H", "Content-Type: application/json",
        "--data-binary", body, "http://localhost" + path);
  }
}

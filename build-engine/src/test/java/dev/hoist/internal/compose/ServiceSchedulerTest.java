package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up}'s order: independent services at the same time, dependents after. */
class ServiceSchedulerTest {
  @TempDir Path dir;

  private ComposeProject project() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          a: {image: x}
          b: {image: x}
          c: {image: x, depends_on: [a, b]}
        """);
    return new ProjectLoader(new ProjectOptions(List.of(), "p", null, List.of(), List.of(), dir,
        Map.of(), true)).load();
  }

  @Test
  void independentServicesRunTogetherAndDependentsAfter() throws Exception {
    ComposeProject project = project();
    CountDownLatch both = new CountDownLatch(2);
    Set<String> met = ConcurrentHashMap.newKeySet();
    List<String> finished = new CopyOnWriteArrayList<>();
    ServiceScheduler.run(project, ServiceOrder.of(project, List.of()), s -> {
      if (!s.equals("c")) {
        both.countDown();
        if (both.await(10, TimeUnit.SECONDS)) {
          met.add(s); // the other one was running at the same time
        }
      }
      finished.add(s);
    });
    assertEquals(Set.of("a", "b"), met);
    assertEquals("c", finished.get(2), finished.toString());
  }

  @Test
  void reversedRunsDependentsFirstAndTheirDependenciesTogetherAfter() throws Exception {
    ComposeProject project = project();
    CountDownLatch both = new CountDownLatch(2);
    Set<String> met = ConcurrentHashMap.newKeySet();
    List<String> finished = new CopyOnWriteArrayList<>();
    ServiceScheduler.runReversed(project, ServiceOrder.of(project, List.of()), s -> {
      if (!s.equals("c")) {
        both.countDown();
        if (both.await(10, TimeUnit.SECONDS)) {
          met.add(s);
        }
      }
      finished.add(s);
    });
    assertEquals(Set.of("a", "b"), met);
    assertEquals("c", finished.get(0), finished.toString());
  }

  @Test
  void eachRunsEveryItemAtOnce() throws Exception {
    CountDownLatch all = new CountDownLatch(3);
    Set<Integer> met = ConcurrentHashMap.newKeySet();
    ServiceScheduler.each(List.of(1, 2, 3), i -> {
      all.countDown();
      if (all.await(10, TimeUnit.SECONDS)) {
        met.add(i);
      }
    });
    assertEquals(Set.of(1, 2, 3), met);
  }

  @Test
  void aFailureIsThrownAndWhatDependsOnItDoesNotRun() throws Exception {
    ComposeProject project = project();
    List<String> ran = new CopyOnWriteArrayList<>();
    IOException e = assertThrows(IOException.class, () -> ServiceScheduler.run(project,
        ServiceOrder.of(project, List.of()), s -> {
          ran.add(s);
          if (s.equals("a")) {
            throw new IOException("a failed");
          }
        }));
    assertEquals("a failed", e.getMessage());
    assertTrue(ran.contains("b"), ran.toString());
    assertFalse(ran.contains("c"), ran.toString());
  }
}

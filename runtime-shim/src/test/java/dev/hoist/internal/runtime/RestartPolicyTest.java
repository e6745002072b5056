package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --restart}'s values and Docker's restart decisions (moby's restartmanager). */
class RestartPolicyTest {
  @Test
  void parsesDockersFourPoliciesAndTheRetryCount() {
    assertEquals(new RestartPolicy("no", 0), RestartPolicy.parse("no"));
    assertEquals(new RestartPolicy("always", 0), RestartPolicy.parse("always"));
    assertEquals(new RestartPolicy("unless-stopped", 0), RestartPolicy.parse("unless-stopped"));
    assertEquals(new RestartPolicy("on-failure", 0), RestartPolicy.parse("on-failure"));
    assertEquals(new RestartPolicy("on-failure", 3), RestartPolicy.parse("on-failure:3"));
    assertEquals("on-failure:3", RestartPolicy.parse("on-failure:3").toString());
  }

  @Test
  void refusesWhatDockerRefusesWithOneMessage() {
    assertEquals("invalid restart policy: sometimes (no, on-failure[:max-retries], always or "
        + "unless-stopped)", assertThrows(IllegalArgumentException.class,
            () -> RestartPolicy.parse("sometimes")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("always:3"));
    assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("on-failure:-1"));
    assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("on-failure:x"));
  }

  @Test
  void onFailureRestartsAFailureUpToItsCountAndNeverASuccess() {
    RestartPolicy twice = RestartPolicy.parse("on-failure:2");
    assertTrue(twice.restarts(1, 0, false));
    assertTrue(twice.restarts(1, 1, false));
    assertFalse(twice.restarts(1, 2, false));
    assertFalse(twice.restarts(0, 0, false));
    assertTrue(RestartPolicy.parse("on-failure").restarts(1, 1000, false)); // no limit
  }

  @Test
  void nothingRestartsWhatTheUserStopped() {
    for (String p : new String[] {"always", "unless-stopped", "on-failure"}) {
      assertFalse(RestartPolicy.parse(p).restarts(137, 0, true), p);
    }
    assertTrue(RestartPolicy.parse("always").restarts(0, 5, false));
    assertFalse(RestartPolicy.NO.restarts(1, 0, false));
  }

  @Test
  void atBootAlwaysStartsAndUnlessStoppedOnlyWhenTheUserDidNotStopIt() {
    assertTrue(RestartPolicy.parse("always").startsAtBoot(true));
    assertTrue(RestartPolicy.parse("unless-stopped").startsAtBoot(false));
    assertFalse(RestartPolicy.parse("unless-stopped").startsAtBoot(true));
    assertFalse(RestartPolicy.parse("on-failure").startsAtBoot(false));
    assertFalse(RestartPolicy.NO.startsAtBoot(false));
  }
}

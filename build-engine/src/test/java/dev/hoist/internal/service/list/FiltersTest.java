package dev.hoist.internal.service.list;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filter model the listing and prune commands share, with moby's matchers and messages. */
class FiltersTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"),
      ZoneOffset.UTC);

  @Test
  void parsesFlagsAsDockersFilterOptLowercasingAndTrimmingTheKey() {
    Filters f = Filters.parse(List.of(" Name = web", "name=db", "label=a=b"));
    assertEquals(List.of("web", "db"), f.get("name"));
    assertEquals(List.of("a=b"), f.get("label"));
    assertEquals("bad format of filter (expected name=value)",
        assertThrows(InvalidFilterException.class, () -> Filters.parse(List.of("name")))
            .getMessage());
  }

  @Test
  void refusesUnknownKeysWithMobysMessage() {
    Filters f = Filters.parse(List.of("name=x", "colour=red"));
    assertEquals("invalid filter 'colour'", assertThrows(InvalidFilterException.class,
        () -> f.validate(Set.of("name"))).getMessage());
  }

  @Test
  void matchIsEqualityOrARegularExpressionFoundInTheSource() {
    Filters f = Filters.parse(List.of("name=^we"));
    assertTrue(f.match("name", "web"));
    assertFalse(f.match("name", "aweb"));
    assertTrue(Filters.parse(List.of("name=eb")).match("name", "web"));
    assertTrue(Filters.parse(List.of("name=[")).match("name", "["), "equal, though no regexp");
    assertTrue(f.match("id", "anything"), "no value for the key: everything matches");
    assertTrue(Filters.parse(List.of("status=running")).exactMatch("status", "running"));
    assertFalse(Filters.parse(List.of("status=run")).exactMatch("status", "running"));
  }

  @Test
  void labelsMustAllBePresentAndLabelNotExcludes() {
    Map<String, String> labels = Map.of("tier", "web", "team", "blue");
    assertTrue(Filters.parse(List.of("label=tier", "label=team=blue"))
        .matchLabels("label", labels));
    assertFalse(Filters.parse(List.of("label=tier", "label=team=red"))
        .matchLabels("label", labels));
    assertFalse(Filters.parse(List.of("label=other")).matchLabels("label", labels));
    assertFalse(Filters.parse(List.of("label!=tier=web")).matchNoLabel("label!", labels));
    assertTrue(Filters.parse(List.of("label!=tier=db")).matchNoLabel("label!", labels));
  }

  @Test
  void booleansAsMobysGetBoolOrDefault() {
    assertEquals(Boolean.TRUE, Filters.parse(List.of("dangling=true")).bool("dangling"));
    assertEquals(Boolean.FALSE, Filters.parse(List.of("dangling=0")).bool("dangling"));
    assertNull(Filters.NONE.bool("dangling"));
    assertEquals("invalid filter 'dangling=maybe'", assertThrows(InvalidFilterException.class,
        () -> Filters.parse(List.of("dangling=maybe")).bool("dangling")).getMessage());
  }

  @Test
  void pruneUntilTakesDurationsDatesAndUnixSeconds() {
    assertEquals(Instant.parse("2024-04-30T12:00:00Z"),
        PruneFilter.of(Filters.parse(List.of("until=24h")), NOW).until());
    assertEquals(Instant.parse("2024-05-01T10:30:00Z"),
        PruneFilter.of(Filters.parse(List.of("until=1h30m")), NOW).until());
    assertEquals(Instant.parse("2024-01-02T00:00:00Z"),
        PruneFilter.of(Filters.parse(List.of("until=2024-01-02")), NOW).until());
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"),
        PruneFilter.of(Filters.parse(List.of("until=2024-01-02T03:04:05Z")), NOW).until());
    assertEquals(Instant.ofEpochSecond(1700000000),
        PruneFilter.of(Filters.parse(List.of("until=1700000000")), NOW).until());
    assertEquals(Duration.ofMillis(1500), Timestamps.goDuration("1.5s"));
    assertThrows(IllegalArgumentException.class,
        () -> PruneFilter.of(Filters.parse(List.of("until=soon")), NOW));
    assertEquals("invalid filter 'dangling'", assertThrows(InvalidFilterException.class,
        () -> PruneFilter.of(Filters.parse(List.of("dangling=true")), NOW)).getMessage());
  }

  @Test
  void pruneSelectsByUntilLabelAndLabelNot() {
    PruneFilter f = PruneFilter.of(Filters.parse(List.of("until=1h", "label=group=p",
        "label!=keep")), NOW);
    Instant old = Instant.parse("2024-05-01T10:00:00Z");
    Instant recent = Instant.parse("2024-05-01T11:30:00Z");
    assertTrue(f.matches(old, Map.of("group", "p")));
    assertFalse(f.matches(recent, Map.of("group", "p")), "made after until");
    assertFalse(f.matches(old, Map.of("group", "q")), "without the label");
    assertFalse(f.matches(old, Map.of("group", "p", "keep", "")), "with the excluded label");
    assertTrue(PruneFilter.NONE.matches(null, Map.of()));
  }
}

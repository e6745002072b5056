package dev.hoist.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cases of Go's own {@code time.ParseDuration} tests (time/time_test.go). */
class GoDurationTest {
  @Test
  void goodDurationsAsGoReadsThem() {
    assertEquals(Duration.ZERO, parse("0"));
    assertEquals(Duration.ofSeconds(5), parse("5s"));
    assertEquals(Duration.ofSeconds(30), parse("+30s"));
    assertEquals(Duration.ofSeconds(-5), parse("-5s"));
    assertEquals(Duration.ofMinutes(90), parse("1h30m"));
    assertEquals(Duration.ofMinutes(90), parse("1.5h"));
    assertEquals(Duration.ofMillis(500), parse(".5s"));
    assertEquals(Duration.ofSeconds(5), parse("5.s"));
    assertEquals(Duration.ofMillis(300), parse("300ms"));
    assertEquals(Duration.ofNanos(1_000), parse("1µs"));
    assertEquals(Duration.ofNanos(1_000), parse("1μs"));
    assertEquals(Duration.ofNanos(1_000), parse("1us"));
    assertEquals(Duration.ofNanos(10), parse("10ns"));
    assertEquals(Duration.ofHours(3).plusMinutes(30).plusSeconds(10).plusMillis(500),
        parse("3h30m10s500ms"));
  }

  @Test
  void badDurationsAreEmpty() {
    for (String bad : new String[] {"", "3", "-", "s", ".s", "+.s", "1d", "1.2.3s", "10 s", "x1s"}) {
      assertEquals(Optional.empty(), GoDuration.parse(bad), bad);
    }
  }

  private static Duration parse(String text) {
    return GoDuration.parse(text).orElseThrow();
  }
}

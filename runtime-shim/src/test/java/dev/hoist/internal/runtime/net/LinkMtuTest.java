package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MTU policy of bridge links, without the host (see BridgeMtuRuntimeTest for the links). */
class LinkMtuTest {
  @TempDir Path tmp;

  @Test
  void defaultIsTheLocalMtuWithTheDefaultRouteAtDockersMtu() {
    assertEquals(65520, LinkMtu.DEFAULT.link());
    assertEquals(1500, LinkMtu.routeMtu(65520));
  }

  @Test
  void linkOfDockersMtuOrLessPutsNoMtuOnTheRoute() {
    assertEquals(0, LinkMtu.routeMtu(1500));
    assertEquals(0, LinkMtu.routeMtu(1400));
  }

  @Test
  void badMtuIsOneErrorNamingWhereItCameFrom() {
    IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
        () -> LinkMtu.parse("jumbo", "HOIST_BRIDGE_MTU"));
    assertEquals("HOIST_BRIDGE_MTU: MTU jumbo is not a number (expected 68 to 65535)",
        notNumber.getMessage());
    IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
        () -> LinkMtu.parse("70000", "HOIST_BRIDGE_MTU"));
    assertEquals("HOIST_BRIDGE_MTU: MTU 70000: expected 68 to 65535", tooLarge.getMessage());
    assertEquals(9000, LinkMtu.parse(" 9000 ", "x").link());
  }

  @Test
  void newPortTakesTheBridgesSmallerMtuOnlyWhileOtherPortsHoldIt() throws Exception {
    Path bridge = Files.createDirectories(tmp.resolve("hoist0/brif"));
    Files.writeString(tmp.resolve("hoist0/mtu"), "1500\n");
    // no port yet: the bridge follows the new port's MTU
    assertEquals(OptionalInt.empty(), LinkMtu.bridgeMtuWithPorts(tmp.resolve("hoist0")));
    assertEquals(65520, LinkMtu.forNewPort(65520, OptionalInt.empty()));
    // a container of an older hoist on it, at 1500: the new one gets 1500 too
    Files.createFile(bridge.resolve("vh0a580002"));
    assertEquals(OptionalInt.of(1500), LinkMtu.bridgeMtuWithPorts(tmp.resolve("hoist0")));
    assertEquals(1500, LinkMtu.forNewPort(65520, OptionalInt.of(1500)));
    // a smaller wanted MTU is kept
    assertEquals(1400, LinkMtu.forNewPort(1400, OptionalInt.of(65520)));
    // no such bridge: as without ports
    assertEquals(OptionalInt.empty(), LinkMtu.bridgeMtuWithPorts(tmp.resolve("none")));
  }
}

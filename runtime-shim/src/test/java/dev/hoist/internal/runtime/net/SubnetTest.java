package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubnetTest {
  @Test
  void gatewayAddressesAndNext() {
    Subnet s = Subnet.parse("10.88.0.0/16");
    assertEquals("10.88.0.1", s.gateway());
    assertEquals("10.88.0.2", s.address(Subnet.firstHostOffset()));
    assertEquals("10.88.255.254", s.address(s.lastHostOffset()));
    assertEquals(Subnet.parse("10.89.0.0/16"), s.next());
    assertTrue(s.contains("10.88.7.9"));
    assertFalse(s.contains("10.89.0.1"));
  }

  @Test
  void overlaps() {
    Subnet s = Subnet.parse("10.88.0.0/16");
    assertTrue(s.overlaps(Subnet.parse("10.0.0.0/8")));
    assertTrue(s.overlaps(Subnet.parse("10.88.3.0/24")));
    assertFalse(s.overlaps(Subnet.parse("10.89.0.0/16")));
    assertFalse(s.overlaps(Subnet.parse("192.0.2.0/24")));
  }

  @Test
  void bridgeSubnetAvoidsHostRoutes() {
    Subnet preferred = BridgeNetwork.DEFAULT_SUBNET;
    assertEquals(Optional.of(preferred), BridgeNetwork.firstFree(preferred,
        List.of(Subnet.parse("192.0.2.0/24"))));
    assertEquals(Optional.of(Subnet.parse("10.89.0.0/16")), BridgeNetwork.firstFree(preferred,
        List.of(Subnet.parse("10.88.5.0/24"))));
    assertEquals(Optional.of(Subnet.parse("10.91.0.0/16")), BridgeNetwork.firstFree(preferred,
        List.of(Subnet.parse("10.88.0.0/15"), Subnet.parse("10.90.0.7/32"))));
    assertEquals(Optional.empty(), BridgeNetwork.firstFree(Subnet.parse("255.250.0.0/16"),
        List.of(Subnet.parse("255.0.0.0/8"))));
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.88.0.1/16"));
    assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.88.0.0"));
    assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.888.0.0/16"));
    assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.88.0.0/33"));
    assertThrows(IllegalArgumentException.class,
        () -> new BridgeNetwork("hoist-test", Subnet.parse("10.0.0.0/31"), java.nio.file.Path.of("/x")));
  }
}

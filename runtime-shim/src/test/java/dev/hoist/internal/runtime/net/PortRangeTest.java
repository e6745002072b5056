package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -p 8000-8010:80}: one container port with a host range takes the first free host port
 * of the range, as Docker's (no root needed: sockets on 127.0.0.1 only).
 */
class PortRangeTest {

  @Test
  void aHostRangeForOneContainerPortIsOneBindingOverTheRange() {
    PortBinding p = PortBinding.parse("127.0.0.1:8000-8010:80/udp").get(0);
    assertEquals(new PortBinding("127.0.0.1", 8000, 80, "udp", 8010), p);
    assertEquals("8000-8010", p.hostPortText());
    assertEquals(11, p.hostPorts().length);
    assertEquals(1, PortBinding.parse("8000-8010:80").size());
    assertArrayEquals(new int[] {8080}, PortBinding.parse("8080:80").get(0).hostPorts());
    assertEquals("", PortBinding.parse("80").get(0).hostPortText());
    assertEquals(new PortBinding("", 8000, 80, "tcp"), PortBinding.parse("8000-8000:80").get(0));
  }

  @Test
  void reserveTakesTheFirstFreePortOfTheRangeAndNamesTheRangeWhenAllAreTaken()
      throws Exception {
    int base = FreePorts.consecutive(3);
    try (ServerSocket taken = new ServerSocket(base, 1, InetAddress.getByName("127.0.0.1"))) {
      PortBinding range = new PortBinding("127.0.0.1", base, 80, "tcp", base + 2);
      try (PublishedPorts first = PublishedPorts.reserve(List.of(range))) {
        assertEquals(List.of(new PortBinding("127.0.0.1", base + 1, 80, "tcp")),
            first.bindings());
        try (PublishedPorts second = PublishedPorts.reserve(List.of(range))) {
          assertEquals(base + 2, second.bindings().get(0).hostPort());
          PublishedPorts.PortInUseException full = assertThrows(
              PublishedPorts.PortInUseException.class, () -> PublishedPorts.reserve(
                  List.of(range)));
          assertTrue(full.getMessage().startsWith("cannot publish 127.0.0.1:" + base + "-"
              + (base + 2) + "/tcp for the container's port 80/tcp: "), full.getMessage());
        }
      }
    }
  }
}

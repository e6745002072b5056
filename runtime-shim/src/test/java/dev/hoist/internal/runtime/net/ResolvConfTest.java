package dev.hoist.internal.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResolvConfTest {
  @Test
  void loopbackAndIpv6ServersAreDroppedOthersKept() {
    assertEquals("search corp.example\nnameserver 192.0.2.53\noptions ndots:2\n",
        ResolvConf.rewrite("search corp.example\nnameserver 127.0.0.1\nnameserver ::1\n"
            + "nameserver 192.0.2.53\nnameserver 2001:db8::53\noptions ndots:2\n", null));
  }

  @Test
  void onlyLoopbackServersBecomeDockersDefaults() {
    assertEquals("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n",
        ResolvConf.rewrite("search lan\nnameserver 127.0.0.1\n", null));
    assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", ResolvConf.rewrite("", null));
  }

  @Test
  void systemdResolvedStubIsReplacedByItsUpstreamServers() {
    assertEquals("nameserver 192.0.2.1\nsearch lan\n",
        ResolvConf.rewrite("nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n",
            "nameserver 192.0.2.1\nsearch lan\n"));
  }
}

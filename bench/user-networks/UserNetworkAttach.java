package dev.hoist.internal.runtime.net;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Costs of user networks' plumbing (bench/user-networks.sh): attach/close of a container on the
 * default bridge and on one and three user networks, the rewrite of 20 members' hosts files,
 * and an attach while 20 members run. Medians (and minima) of N runs; root.
 */
public class UserNetworkAttach {
  public static void main(String[] a) throws Exception {
    Path tmp = Files.createTempDirectory("usernets-bench");
    NetworkStore store = new NetworkStore(new HoistHome(tmp.resolve("home")));
    UserNetwork n1 = store.create(new NetworkStore.Request("b1", null, null, false, Map.of(), null));
    UserNetwork n2 = store.create(new NetworkStore.Request("b2", null, null, true, Map.of(), null));
    UserNetwork n3 = store.create(new NetworkStore.Request("b3", null, null, false, Map.of(), null));
    int runs = Integer.parseInt(a[0]);
    try {
      BridgeNetwork.standard().ensure();
      List<Long> def = new ArrayList<>(), one = new ArrayList<>(), three = new ArrayList<>();
      List<Long> defClose = new ArrayList<>(), oneClose = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        NetworkAttachment d = BridgeNetwork.standard().attach("bench" + i);
        def.add(System.nanoTime() - t);
        t = System.nanoTime(); d.close(); defClose.add(System.nanoTime() - t);
        String id = String.format("%064x", i + 1000);
        t = System.nanoTime();
        NetworkAttachment u = UserNetworkJoin.attach(id, tmp.resolve("c" + i), "h",
            new ContainerNetworks("c" + i, List.of(new ContainerNetworks.Endpoint(n1, List.of(), null))),
            Owner.current(), Diagnostics.logger());
        one.add(System.nanoTime() - t);
        t = System.nanoTime(); u.close(); oneClose.add(System.nanoTime() - t);
        t = System.nanoTime();
        NetworkAttachment u3 = UserNetworkJoin.attach(id, tmp.resolve("c" + i), "h",
            new ContainerNetworks("c" + i, List.of(new ContainerNetworks.Endpoint(n1, List.of(), null),
                new ContainerNetworks.Endpoint(n2, List.of(), null), new ContainerNetworks.Endpoint(n3, List.of(), null))),
            Owner.current(), Diagnostics.logger());
        three.add(System.nanoTime() - t);
        u3.close();
      }
      System.out.println("default attach " + med(def) + " close " + med(defClose));
      System.out.println("user(1) attach " + med(one) + " close " + med(oneClose));
      System.out.println("user(3) attach " + med(three));
      // hosts files: N members on one network, the cost of one more joining and leaving
      List<NetworkAttachment> members = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        members.add(UserNetworkJoin.attach(String.format("%064x", i + 5000), tmp.resolve("m" + i), "m",
            new ContainerNetworks("m" + i, List.of(new ContainerNetworks.Endpoint(n1, List.of(), null))),
            Owner.current(), Diagnostics.logger()));
      }
      List<NetworkMembers.Member> live = NetworkMembers.all();
      List<Long> reads = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        NetworkMembers.all().stream().filter(m -> m.owner().alive()).count();
        reads.add(System.nanoTime() - t);
      }
      System.out.println("read 20 members + alive " + med(reads));
      List<Long> rewrite = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        // force every file to change: as when a member joins
        for (NetworkMembers.Member m : live) Files.writeString(Path.of(m.hosts()), "");
        long t = System.nanoTime(); HostsFiles.rewrite(live); rewrite.add(System.nanoTime() - t);
      }
      System.out.println("rewrite of " + live.size() + " hosts files " + med(rewrite));
      List<Long> joinWith = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        NetworkAttachment u = UserNetworkJoin.attach(String.format("%064x", 9000 + i), tmp.resolve("x"), "h",
            new ContainerNetworks("x", List.of(new ContainerNetworks.Endpoint(n1, List.of(), null))),
            Owner.current(), Diagnostics.logger());
        joinWith.add(System.nanoTime() - t);
        u.close();
      }
      System.out.println("user(1) attach with 20 members " + med(joinWith));
      List<Long> defWith = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        NetworkAttachment d = BridgeNetwork.standard().attach("benchw" + i);
        defWith.add(System.nanoTime() - t);
        d.close();
      }
      System.out.println("default attach with 20 user members running " + med(defWith));
      for (NetworkAttachment m : members) m.close();
    } finally {
      for (UserNetwork n : store.list()) store.remove(n, () -> { });
    }
  }

  static String med(List<Long> ns) {
    List<Long> s = new ArrayList<>(ns); Collections.sort(s);
    return String.format("%.1f ms (min %.1f)", s.get(s.size() / 2) / 1e6, s.get(0) / 1e6);
  }
}

package dev.hoist.internal.runtime;

import dev.hoist.fixtures.Privileges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
  @TempDir Path tmp;

  private Path layer(String name, String passwd, String group) throws IOException {
    Path etc = Files.createDirectories(tmp.resolve(name).resolve("etc"));
    if (passwd != null) {
      Files.writeString(etc.resolve("passwd"), passwd);
    }
    if (group != null) {
      Files.writeString(etc.resolve("group"), group);
    }
    return tmp.resolve(name);
  }

  @Test
  void dockerUserForms() throws IOException {
    Path base = layer("base", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n",
        "root:x:0:\nstaff:x:50:app,other\napp:x:1000:\n");
    UserResolver r = new UserResolver(List.of(base));
    assertEquals(new UserResolver.User(0, 0, List.of(0), "/root"), r.resolve(""));
    assertEquals(new UserResolver.User(1000, 1000, List.of(1000, 50), "/home/app"),
        r.resolve("app"));
    assertEquals(new UserResolver.User(1000, 1000, List.of(1000, 50), "/home/app"),
        r.resolve("1000"));
    assertEquals(new UserResolver.User(1000, 50, List.of(50), "/home/app"),
        r.resolve("app:staff"));
    assertEquals(new UserResolver.User(4242, 0, List.of(0), "/"), r.resolve("4242"));
    assertEquals(new UserResolver.User(4242, 7, List.of(7), "/"), r.resolve("4242:7"));
    assertThrows(IOException.class, () -> r.resolve("ghost"));
    assertThrows(IOException.class, () -> r.resolve("app:ghosts"));
  }

  @Test
  void upperLayersWin() throws IOException {
    Path base = layer("base", "app:x:1000:1000::/home/app:/bin/sh\n", "app:x:1000:\n");
    Path top = layer("top", "app:x:2000:2000::/srv:/bin/sh\n", null);
    UserResolver r = new UserResolver(List.of(top, base));
    assertEquals(new UserResolver.User(2000, 2000, List.of(2000), "/srv"), r.resolve("app"));
  }

  @Test
  void ociWhiteoutsHide() throws IOException {
    Path base = layer("base", "app:x:1000:1000::/home/app:/bin/sh\n", null);
    Path top = layer("top", null, null);
    Files.createFile(top.resolve("etc/.wh.passwd"));
    assertThrows(IOException.class, () -> new UserResolver(List.of(top, base)).resolve("app"));
    Path opaque = layer("opaque", null, null);
    Files.createFile(opaque.resolve("etc/.wh..wh..opq"));
    assertThrows(IOException.class,
        () -> new UserResolver(List.of(opaque, base)).resolve("app"));
  }

  @Test
  void overlayWhiteoutsHide() throws Exception {
    assumeTrue(Privileges.isRoot(), "overlay whiteouts (0/0 devices) need root: skipped");
    Path base = layer("base", "app:x:1000:1000::/home/app:/bin/sh\n", null);
    Path top = layer("top", null, null);
    Process mknod = new ProcessBuilder("mknod", top.resolve("etc/passwd").toString(), "c", "0",
        "0").inheritIO().start();
    assertEquals(0, mknod.waitFor());
    assertThrows(IOException.class, () -> new UserResolver(List.of(top, base)).resolve("app"));
    Path opaque = layer("opaque", "other:x:5:5::/:/bin/sh\n", null);
    Process setfattr = new ProcessBuilder("setfattr", "-n", "trusted.overlay.opaque", "-v", "y",
        opaque.resolve("etc").toString()).inheritIO().start();
    assumeTrue(setfattr.waitFor() == 0, "setfattr (attr) missing: skipped");
    Path middle = layer("middle", null, null);
    UserResolver r = new UserResolver(List.of(middle, opaque, base));
    assertEquals(5, r.resolve("other").uid());
    assertThrows(IOException.class, () -> r.resolve("app"));
  }
}

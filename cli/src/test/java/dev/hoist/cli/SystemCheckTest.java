package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCheckTest {
  @TempDir Path home;

  @BeforeEach
  void useHome() {
    System.setProperty("hoist.home", home.toString());
  }

  @AfterEach
  void forgetHome() {
    System.clearProperty("hoist.home");
  }

  @Test
  void reportsBlobsThatNoLongerMatch() throws Exception {
    ContentStore store = new ContentStore(new HoistHome(home));
    Digest good = store.put("good".getBytes());
    Digest bad = store.put("bad".getBytes());
    Files.writeString(store.path(bad), "tampered");

    StringWriter out = new StringWriter();
    int code = Main.execute(new String[] {"system", "check"}, new PrintWriter(out),
        new PrintWriter(new StringWriter()));
    assertEquals(1, code);
    assertTrue(out.toString().contains("MISMATCH " + bad), out.toString());
    assertTrue(!out.toString().contains("MISMATCH " + good), out.toString());
    assertTrue(out.toString().contains("checked 2 blobs"), out.toString());

    Files.delete(store.path(bad));
    StringWriter again = new StringWriter();
    assertEquals(0, Main.execute(new String[] {"system", "check"}, new PrintWriter(again),
        new PrintWriter(new StringWriter())));
    assertTrue(again.toString().contains("all match"), again.toString());
  }
}

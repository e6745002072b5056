package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Docker's detach keys: their spelling (moby's term.ToBytes) and the escape proxy's watch. */
class DetachKeysTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void keysAreSpelledAsDockersAndTheDefaultIsCtrlPCtrlQ() {
    assertArrayEquals(new byte[] {0x10, 0x11}, DetachKeys.DEFAULT.bytes());
    assertArrayEquals(new byte[] {0x10, 0x11}, DetachKeys.parse(null).bytes());
    assertArrayEquals(new byte[] {0, 27, 28, 29, 30, 31, 'a', 1},
        DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,a,ctrl-a").bytes());
    assertEquals("Unknown character: 'ctrl-1'", assertThrows(IllegalArgumentException.class,
        () -> DetachKeys.parse("ctrl-1")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ab"));
  }

  @Test
  void theSequenceIsHeldBackAcrossReadsAndNeverPassedOn() {
    DetachKeys.Watcher w = DetachKeys.parse("ctrl-a,d").watcher();
    assertArrayEquals(bytes("hi"), w.pass(bytes("hi\u0001"), 3), "ctrl-a may begin it");
    assertFalse(w.complete());
    assertArrayEquals(bytes("\u0001x"), w.pass(bytes("x"), 1), "broken: given out again");
    assertArrayEquals(bytes("\u0001"), w.pass(bytes("\u0001\u0001"), 2),
        "the first ctrl-a given out, the second may begin it");
    assertArrayEquals(bytes(""), w.pass(bytes("dafter"), 6), "complete: nothing after it");
    assertTrue(w.complete());
  }

  @Test
  void bytesBeforeTheSequenceInTheSameReadArePassedOn() {
    DetachKeys.Watcher w = DetachKeys.DEFAULT.watcher();
    assertArrayEquals(bytes("ls\n"), w.pass(bytes("ls\n\u0010\u0011"), 5));
    assertTrue(w.complete());
  }
}

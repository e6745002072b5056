package dev.hoist.internal.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key sequence that detaches from a container's stdin without stopping it ({@code
 * --detach-keys}, the Engine API's {@code detachKeys}), as Docker reads it (moby's {@code
 * term.ToBytes}): comma-separated keys, each a single character or {@code ctrl-X} with X a
 * letter or one of {@code @ [ \ ] ^ _}; Docker's default is {@code ctrl-p,ctrl-q}.
 */
public final class DetachKeys {
  /** Docker's default, {@code ctrl-p,ctrl-q}. */
  public static final DetachKeys DEFAULT = parse("ctrl-p,ctrl-q");
  private final byte[] sequence;

  private DetachKeys(byte[] sequence) {
    this.sequence = sequence;
  }

  /**
   * The sequence {@code keys} names; null or empty: {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException for a key Docker does not take (Docker's message)
   */
  public static DetachKeys parse(String keys) {
    if (keys == null || keys.isEmpty()) {
      return DEFAULT;
    }
    List<Byte> bytes = new ArrayList<>();
    for (String key : keys.split(",", -1)) {
      String k = key.trim();
      if (k.length() == 1) {
        bytes.add((byte) k.charAt(0));
        continue;
      }
      String lower = k.toLowerCase(java.util.Locale.ROOT);
      if (!lower.startsWith("ctrl-") || lower.length() != 6) {
        throw new IllegalArgumentException("Unknown character: '" + k + "'");
      }
      char c = lower.charAt(5);
      if (c >= 'a' && c <= 'z') {
        bytes.add((byte) (c - 'a' + 1));
      } else if (c == '@') {
        bytes.add((byte) 0);
      } else if ("[\\]^_".indexOf(c) >= 0) {
        bytes.add((byte) (c - '[' + 27));
      } else {
        throw new IllegalArgumentException("Unknown character: '" + k + "'");
      }
    }
    byte[] sequence = new byte[bytes.size()];
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = bytes.get(i);
    }
    return new DetachKeys(sequence);
  }

  /** The bytes of the sequence. */
  public byte[] bytes() {
    return sequence.clone();
  }

  /**
   * Watches a stream for the sequence, as Docker's escape proxy does: bytes that may begin it
   * are held back, given out again when the sequence breaks, and the whole sequence is never
   * given out.
   */
  public Watcher watcher() {
    return new Watcher();
  }

  /** One stream's progress through the sequence. */
  public final class Watcher {
    private int matched;
    private boolean complete;

    /** Whether the whole sequence was read. */
    public boolean complete() {
      return complete;
    }

    /**
     * What of {@code buffer[0, n)} goes on to the container: held-back bytes that turned out not
     * to be the sequence first; once the sequence is complete ({@link #complete()}), what came
     * before it, and nothing after.
     */
    public byte[] pass(byte[] buffer, int n) {
      byte[] out = new byte[n + matched];
      int len = 0;
      for (int i = 0; i < n && !complete; i++) {
        byte b = buffer[i];
        if (b != sequence[matched] && matched > 0) {
          System.arraycopy(sequence, 0, out, len, matched);
          len += matched;
          matched = 0;
        }
        if (b == sequence[matched]) {
          complete = ++matched == sequence.length;
        } else {
          out[len++] = b;
        }
      }
      return Arrays.copyOf(out, len);
    }
  }
}

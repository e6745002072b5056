package dev.hoist.internal.cache.layer;

import static dev.hoist.internal.cache.layer.LayerTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.layer.LayerTestSupport.Run;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
  private static final int BLOCK = 64 * 1024;

  /** Mixed data: text-like runs, zeros and random stretches. */
  static byte[] data(int size, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    int i = 0;
    while (i < size) {
      int run = Math.min(size - i, 1 + r.nextInt(50_000));
      switch (r.nextInt(3)) {
        case 0 -> {
          String words = "lorem ipsum dolor sit amet " + r.nextInt(1000) + "\n";
          for (int k = 0; k < run; k++) {
            b[i + k] = (byte) words.charAt(k % words.length());
          }
        }
        case 1 -> { } // zeros
        default -> {
          byte[] rnd = new byte[run];
          r.nextBytes(rnd);
          System.arraycopy(rnd, 0, b, i, run);
        }
      }
      i += run;
    }
    return b;
  }

  static byte[] gzip(byte[] input, int threads, int blockSize, long threshold, int chunk)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new ParallelGzipOutputStream(out, 6, threads, blockSize, threshold)) {
      for (int i = 0; i < input.length; i += chunk) {
        gz.write(input, i, Math.min(chunk, input.length - i));
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTripsAtEdgeSizes() throws IOException {
    int[] sizes = {0, 1, 100, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 5 * BLOCK + 17, 4 << 20};
    for (int size : sizes) {
      byte[] input = data(size, size);
      for (int threads : new int[] {1, 2, 4}) {
        for (long threshold : new long[] {0, 4L << 20}) {
          byte[] gz = gzip(input, threads, BLOCK, threshold, 8191);
          assertArrayEquals(input, gunzip(gz), size + "/" + threads + "/" + threshold);
        }
      }
    }
  }

  @Property(tries = 30)
  void parallelOutputDecompressesToTheInput(@ForAll @IntRange(min = 0, max = 700_000) int size,
      @ForAll @IntRange(min = 1, max = 4) int threads,
      @ForAll @IntRange(min = 1, max = 100_000) int chunk) throws IOException {
    byte[] input = data(size, size * 31L + threads);
    assertArrayEquals(input, gunzip(gzip(input, threads, BLOCK, 0, chunk)));
  }

  @Test
  void multiThreadedBytesDoNotDependOnThreadCountOrWriteSizes() throws IOException {
    byte[] input = data(3 << 20, 42);
    byte[] two = gzip(input, 2, BLOCK, 0, 65536);
    assertArrayEquals(two, gzip(input, 2, BLOCK, 0, 65536));
    assertArrayEquals(two, gzip(input, 3, BLOCK, 0, 1000));
    assertArrayEquals(two, gzip(input, 8, BLOCK, 0, 1 << 20));
    byte[] one = gzip(input, 1, BLOCK, 0, 65536);
    assertArrayEquals(one, gzip(input, 1, BLOCK, 0, 777));
    assertArrayEquals(input, gunzip(one));
    assertArrayEquals(input, gunzip(two));
  }

  @Test
  void belowTheThresholdItIsOnePlainDeflate() throws IOException {
    byte[] input = data(1 << 20, 9);
    // below the threshold the bytes are those of the single-threaded stream
    assertArrayEquals(gzip(input, 1, BLOCK, 0, 4096),
        gzip(input, 4, BLOCK, 4L << 20, 4096));
  }

  @Test
  void theDictionaryKeepsTheRatioCloseToSingleThreaded() throws IOException {
    byte[] input = data(8 << 20, 5);
    int single = gzip(input, 1, 1 << 20, 0, 65536).length;
    int parallel = gzip(input, 2, 1 << 20, 0, 65536).length;
    assertTrue(parallel < single * 1.01, single + " vs " + parallel);
  }

  @Test
  void incompressibleBlocksAreStoredAndCompressibleOnesDeflated() throws IOException {
    byte[] random = new byte[1 << 20];
    new Random(3).nextBytes(random);
    assertEquals(0, ParallelGzipOutputStream.effectiveLevel(6, random, random.length));
    byte[] text = data(1 << 20, 4);
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ("abcdefgh " + (i / 4096)).charAt(i % 9);
    }
    assertEquals(6, ParallelGzipOutputStream.effectiveLevel(6, text, text.length));
    // one compressible sample in four is enough to deflate the block
    byte[] mixed = random.clone();
    System.arraycopy(text, 0, mixed, 0, 16 * 1024);
    assertEquals(6, ParallelGzipOutputStream.effectiveLevel(6, mixed, mixed.length));
    assertEquals(0, ParallelGzipOutputStream.effectiveLevel(0, text, text.length));

    // stored blocks cost 5 bytes a 64 KiB; deflate's Huffman coding of random bytes more
    byte[] input = new byte[6 << 20];
    new Random(8).nextBytes(input);
    System.arraycopy(text, 0, input, 2 << 20, text.length); // one compressible MiB
    for (int threads : new int[] {1, 2}) {
      byte[] gz = gzip(input, threads, 1 << 20, 0, 65536);
      assertArrayEquals(input, gunzip(gz));
      long storedFiveMiB = (5L << 20) + 5 * 80;
      assertTrue(gz.length < storedFiveMiB + text.length / 10,
          threads + " threads: " + gz.length + " bytes");
    }
  }

  @Test
  void gnuGzipAcceptsTheMultiBlockStream() throws Exception {
    byte[] input = data(3 << 20, 11);
    byte[] gz = gzip(input, 2, BLOCK, 0, 65536);
    Run gunzip = run(gz, null, "gzip", "-dc");
    assertEquals(0, gunzip.exit(), gunzip.stderr());
    assertArrayEquals(input, gunzip.stdout());
    Run test = run(gz, null, "gzip", "-tv");
    assertEquals(0, test.exit(), test.stderr());
  }

  @Test
  void invalidArgumentsAndWritesAfterFinish() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(IllegalArgumentException.class,
        () -> new ParallelGzipOutputStream(out, 10, 2));
    assertThrows(IllegalArgumentException.class,
        () -> new ParallelGzipOutputStream(out, 6, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new ParallelGzipOutputStream(out, 6, 2, 1000, 0));
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, 2);
    gz.write(new byte[] {1, 2, 3});
    gz.finish();
    assertThrows(IOException.class, () -> gz.write(1));
    assertArrayEquals(new byte[] {1, 2, 3}, gunzip(out.toByteArray()));
  }

  @Test
  void abortStopsTheThreads() throws IOException {
    ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 2, BLOCK, 0);
    gz.write(data(10 * BLOCK, 1));
    gz.abort();
    assertThrows(IOException.class, () -> gz.write(1));
  }
}

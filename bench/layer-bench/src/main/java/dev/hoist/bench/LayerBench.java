package dev.hoist.bench;

import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.ExtractResult;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;

/**
 * Driver for bench/layers.sh.
 *
 * <pre>
 * gen DIR MB        generate a deterministic mixed tree of about MB megabytes (once: skipped
 *                   when DIR.complete exists)
 * write DIR OUT MODE  write DIR as a layer to OUT; MODE = parallel | single | zstd;
 *                   prints one line: mode seconds tar-bytes blob-bytes peak-heap-bytes
 *                   max-heap-after-gc-bytes digest (peak heap: the sum of the heap pools' peak
 *                   usage; after GC: the largest heap in use right after a collection)
 * </pre>
 */
public final class LayerBench {
  private static final Instant CLAMP = Instant.parse("2024-01-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "gen" -> generate(Path.of(args[1]), Long.parseLong(args[2]) * 1_000_000L);
      case "write" -> write(Path.of(args[1]), Path.of(args[2]), args[3]);
      case "extract" -> extract(Path.of(args[1]), Path.of(args[2]));
      default -> {
        System.err.println("usage: gen DIR MB | write DIR OUT parallel|single|zstd"
            + " | extract LAYER DIR");
        System.exit(2);
      }
    }
  }

  static void write(Path dir, Path out, String mode) throws IOException {
    LayerWriter.Builder b = LayerWriter.builder().clampMtime(CLAMP);
    switch (mode) {
      case "parallel" -> b.compression(Compression.GZIP);
      case "single" -> b.compression(Compression.GZIP).threads(1);
      case "zstd" -> b.compression(Compression.ZSTD);
      default -> throw new IllegalArgumentException(mode);
    }
    HeapWatch heap = HeapWatch.start();
    long start = System.nanoTime();
    LayerResult r;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      r = b.build().write(dir, os);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s %.3f %d %d %d %d %s%n", mode, seconds, r.uncompressedSize(), r.size(),
        heap.peak(), heap.liveAfterGc(), r.digest());
  }

  /** Extracts a layer file with hoist's extractor into a fresh directory. */
  static void extract(Path layer, Path dest) throws IOException {
    HeapWatch heap = HeapWatch.start();
    long start = System.nanoTime();
    ExtractResult r = new LayerExtractor(ExtractOptions.forCurrentUser()).extract(layer, dest);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("extract %.3f %d %d %d %d %s%n", seconds, r.tarSize(), r.entriesWritten(),
        heap.peak(), heap.liveAfterGc(), r.diffId());
  }

  // ---- data -----------------------------------------------------------------------------------

  private static final String[] WORDS = ("the quick brown fox jumps over lazy dog import java "
      + "util class public static void return if else for while int long string config value "
      + "server client request response error warning info debug layer image build cache "
      + "0 1 2 3 42 100 1024 true false null { } ( ) ; = == != < > + - * /").split(" ");

  /** Writes text-like bytes (words from a small vocabulary, lines, some numbers). */
  private static void text(Random r, byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      String w = r.nextInt(20) == 0 ? Integer.toString(r.nextInt(100_000))
          : WORDS[r.nextInt(WORDS.length)];
      byte[] b = w.getBytes(StandardCharsets.US_ASCII);
      for (int k = 0; k < b.length && i < end; k++) {
        buf[i++] = b[k];
      }
      if (i < end) {
        buf[i++] = (byte) (r.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }

  /** Half random, half text, in 64 KiB stretches: partially compressible. */
  private static void mixed(Random r, byte[] buf, int off, int len) {
    for (int i = 0; i < len; i += 65536) {
      int n = Math.min(65536, len - i);
      if (r.nextBoolean()) {
        byte[] rnd = new byte[n];
        r.nextBytes(rnd);
        System.arraycopy(rnd, 0, buf, off + i, n);
      } else {
        text(r, buf, off + i, n);
      }
    }
  }

  private static Path marker(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".complete");
  }

  static void generate(Path dir, long total) throws IOException {
    if (Files.exists(marker(dir))) {
      System.err.println("using existing " + dir);
      return;
    }
    Random r = new Random(20241123L);
    Files.createDirectories(dir);
    // budget: 16 % small text files, 40 % medium files, 44 % a few large files
    long small = total * 16 / 100;
    long medium = total * 40 / 100;
    long large = total - small - medium;
    long written = 0;
    int files = 0;
    for (long done = 0; done < small; files++) {
      int size = 200 + r.nextInt(8000);
      Path p = dir.resolve(String.format("src/pkg%02d/mod%03d/file%05d.txt", files % 37,
          files % 251, files));
      Files.createDirectories(p.getParent());
      byte[] b = new byte[size];
      text(r, b, 0, size);
      Files.write(p, b);
      done += size;
      written += size;
    }
    for (long done = 0; done < medium; files++) {
      int size = 100_000 + r.nextInt(3_000_000);
      Path p = dir.resolve(String.format("lib/medium%04d.%s", files,
          r.nextBoolean() ? "so" : "dat"));
      Files.createDirectories(p.getParent());
      byte[] b = new byte[size];
      if (r.nextInt(3) == 0) {
        text(r, b, 0, size);
      } else {
        mixed(r, b, 0, size);
      }
      Files.write(p, b);
      done += size;
      written += size;
    }
    int bigCount = (int) Math.max(3, large / 60_000_000L);
    long bigSize = large / bigCount;
    Files.createDirectories(dir.resolve("opt/big"));
    byte[] chunk = new byte[8 << 20];
    for (int i = 0; i < bigCount; i++, files++) {
      try (OutputStream os = Files.newOutputStream(dir.resolve("opt/big/blob" + i + ".bin"))) {
        for (long done = 0; done < bigSize; ) {
          int n = (int) Math.min(chunk.length, bigSize - done);
          mixed(r, chunk, 0, n);
          os.write(chunk, 0, n);
          done += n;
        }
      }
      written += bigSize;
    }
    // a few links, like a real root file system
    Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("../src/pkg00/mod000/file00000.txt"));
    Files.createLink(dir.resolve("bin/hardlink"), dir.resolve("src/pkg01/mod001/file00001.txt"));
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        if (!Files.isSymbolicLink(p)) {
          Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2025-06-01T00:00:00Z")));
        }
      }
    }
    Files.createFile(marker(dir));
    System.err.printf("generated %s: %d files, %.1f MB%n", dir, files, written / 1e6);
  }
}

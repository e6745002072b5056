package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream that compresses on several threads, the way pigz does, and writes one gzip
 * member that any gzip reader accepts ({@code java.util.zip.GZIPInputStream}, GNU gzip, Go).
 *
 * <p><b>Format.</b> The header is fixed: no file name, no comment, MTIME 0, XFL 0, OS 255
 * ("unknown", as Go's compress/gzip writes it). The input is cut into blocks of
 * {@code blockSize} bytes (default 1 MiB); each block is raw-deflated by its own
 * {@link Deflater}, primed with the previous block's last 32 KiB as dictionary (so matches
 * reach back across block edges and the ratio stays within a fraction of a percent of
 * single-threaded gzip), and ended with a sync flush; the last block ends the deflate stream.
 * The blocks' outputs are concatenated in input order, then CRC-32 and ISIZE. The CRC is
 * computed on the writing thread as data arrives (it is cheap next to deflate).
 *
 * <p><b>Incompressible input.</b> Deflate spends as long on random bytes (already compressed
 * files: archives, images, jars, media) as on text, about 25 ns a byte, for nothing. Before a
 * block (or, below the parallel threshold, each 1 MiB of input) is deflated, four 8 KiB samples
 * spread over it are deflated at level 1; when they shrink by less than 3%, the block is written
 * as stored deflate blocks (level 0) instead, at copying speed, and ends up a few bytes a
 * 64 KiB smaller than deflate would have made it. The choice depends only on the block's
 * content (btrfs and ZFS abort compression the same way).
 *
 * <p><b>Determinism.</b> With {@code threads > 1} the bytes depend only on the input, the
 * level and the block size — not on the thread count or scheduling. Input shorter than
 * {@code parallelThreshold} (default 4 MiB) is held back and, on close, deflated in one go on
 * the calling thread (no pool is started). With {@code threads == 1} the stream is that same
 * serial gzip (one Deflater, no sync points, the level chosen per block): also deterministic,
 * but its bytes differ from the multi-threaded mode's.
 *
 * <p><b>Memory.</b> At most {@code 4 × threads} blocks are in flight (each holds its input and
 * its compressed output, about 2 × blockSize), plus up to {@code parallelThreshold} bytes held
 * before the pool starts; the writer blocks until the oldest block is done and written.
 *
 * <p>{@link #close()} closes the underlying stream; {@link #finish()} completes the gzip data
 * without closing it. Not thread-safe: one writer thread.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
  public static final long DEFAULT_PARALLEL_THRESHOLD = 4L << 20;
  private static final int DICTIONARY = 32 * 1024;
  /** Blocks in flight per thread: room for fast blocks to finish while a slow one runs. */
  private static final int WINDOW = 4;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final OutputStream out;
  private final int level;
  private final int threads;
  private final int blockSize;
  private final long parallelThreshold;
  private final CRC32 crc = new CRC32();
  private long totalIn;

  // serial deflate: the single-threaded mode, and input below the parallel threshold
  private Deflater serial;
  private int serialLevel;
  private final byte[] serialBuffer = new byte[1 << 16];

  // multi-threaded mode
  private byte[] block;
  private int blockLength;
  private final List<byte[]> held = new ArrayList<>();
  private ExecutorService pool;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private byte[] previousTail;
  private boolean finished;
  private boolean closed;

  /** Level 6, one thread per available processor, 1 MiB blocks, 4 MiB threshold. */
  public ParallelGzipOutputStream(OutputStream out) throws IOException {
    this(out, Deflater.DEFAULT_COMPRESSION, Runtime.getRuntime().availableProcessors());
  }

  public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    this(out, level, threads, DEFAULT_BLOCK_SIZE, DEFAULT_PARALLEL_THRESHOLD);
  }

  /**
   * @param level deflate level 0–9, or -1 for the default (6)
   * @param threads compression threads; 1 for plain single-threaded gzip
   * @param blockSize bytes per block, at least 64 KiB
   * @param parallelThreshold input below this many bytes is compressed on the calling thread
   */
  public ParallelGzipOutputStream(OutputStream out, int level, int threads, int blockSize,
      long parallelThreshold) throws IOException {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be -1..9, got " + level);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
    if (blockSize < 2 * DICTIONARY) {
      throw new IllegalArgumentException("block size must be ≥ 64 KiB, got " + blockSize);
    }
    this.out = out;
    this.level = level == Deflater.DEFAULT_COMPRESSION ? 6 : level;
    this.threads = threads;
    this.blockSize = blockSize;
    this.parallelThreshold = parallelThreshold;
    block = new byte[blockSize];
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    crc.update(b, off, len);
    totalIn += len;
    while (len > 0) {
      int n = Math.min(len, blockSize - blockLength);
      System.arraycopy(b, off, block, blockLength, n);
      blockLength += n;
      off += n;
      len -= n;
      if (blockLength == blockSize) {
        fullBlock();
      }
    }
  }

  private void fullBlock() throws IOException {
    if (threads == 1) {
      deflateSerially(block, blockLength, false);
      blockLength = 0;
      return;
    }
    byte[] full = block;
    block = new byte[blockSize];
    blockLength = 0;
    if (pool == null) {
      held.add(full);
      if ((long) held.size() * blockSize >= parallelThreshold) {
        startPool();
        for (byte[] h : held) {
          submit(h, h.length, false);
        }
        held.clear();
      }
    } else {
      submit(full, full.length, false);
    }
  }

  private void startPool() {
    int id = POOL_IDS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hoist-gzip-" + id + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private void submit(byte[] data, int length, boolean last) throws IOException {
    while (inFlight.size() >= WINDOW * threads) {
      writeOldest();
    }
    byte[] dictionary = previousTail;
    previousTail = Arrays.copyOfRange(data, Math.max(0, length - DICTIONARY), length);
    int lvl = level;
    inFlight.add(pool.submit(() -> deflateBlock(lvl, data, length, dictionary, last)));
  }

  private void writeOldest() throws IOException {
    Future<byte[]> f = inFlight.poll();
    try {
      out.write(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("gzip block compression failed", e.getCause());
    }
  }

  private static final int PROBE_SAMPLES = 4;
  private static final int PROBE_SAMPLE = 8 * 1024;
  /** Samples that deflate to more than this share of their size mean "store the block". */
  private static final double PROBE_INCOMPRESSIBLE = 0.97;

  /**
   * {@code level}, or 0 (stored) when samples of {@code data[0, length)} do not compress: see
   * the class comment. Data shorter than one sample's worth per probe is always deflated.
   */
  static int effectiveLevel(int level, byte[] data, int length) {
    if (level == 0 || length < PROBE_SAMPLES * PROBE_SAMPLE) {
      return level;
    }
    Deflater probe = new Deflater(1, true);
    try {
      byte[] out = new byte[PROBE_SAMPLE + PROBE_SAMPLE / 8 + 64];
      long compressed = 0;
      for (int i = 0; i < PROBE_SAMPLES; i++) {
        int off = (int) ((long) (length - PROBE_SAMPLE) * i / (PROBE_SAMPLES - 1));
        probe.reset();
        probe.setInput(data, off, PROBE_SAMPLE);
        probe.finish();
        while (!probe.finished()) {
          compressed += probe.deflate(out);
        }
      }
      return compressed > PROBE_INCOMPRESSIBLE * PROBE_SAMPLES * PROBE_SAMPLE ? 0 : level;
    } finally {
      probe.end();
    }
  }

  /** Raw deflate of one block; ends with a sync flush, or the end of the stream when last. */
  static byte[] deflateBlock(int level, byte[] data, int length, byte[] dictionary, boolean last) {
    Deflater d = new Deflater(effectiveLevel(level, data, length), true);
    try {
      if (dictionary != null && dictionary.length > 0) {
        d.setDictionary(dictionary);
      }
      d.setInput(data, 0, length);
      byte[] buf = new byte[length + (length >>> 3) + 1024];
      int n = 0;
      if (last) {
        d.finish();
        while (!d.finished()) {
          if (n == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          n += d.deflate(buf, n, buf.length - n, Deflater.NO_FLUSH);
        }
      } else {
        while (!d.needsInput()) {
          if (n == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          n += d.deflate(buf, n, buf.length - n, Deflater.NO_FLUSH);
        }
        while (true) {
          if (n == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          int space = buf.length - n;
          int k = d.deflate(buf, n, space, Deflater.SYNC_FLUSH);
          n += k;
          if (k < space) {
            break;
          }
        }
      }
      return n == buf.length ? buf : Arrays.copyOf(buf, n);
    } finally {
      d.end();
    }
  }

  /** Completes the gzip data (last block, CRC, size) without closing the underlying stream. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      if (pool == null) {
        // single-threaded, or below the threshold: one deflate on this thread
        for (byte[] h : held) {
          deflateSerially(h, h.length, false);
        }
        held.clear();
        deflateSerially(block, blockLength, true);
      } else {
        submit(block, blockLength, true);
        while (!inFlight.isEmpty()) {
          writeOldest();
        }
      }
      block = null;
      long c = crc.getValue();
      long size = totalIn & 0xffffffffL;
      out.write(new byte[] {
          (byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
          (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)});
      out.flush();
    } finally {
      release();
    }
  }

  /** Stops compression after a failure: drops blocks in flight, stops threads, frees memory. */
  public void abort() {
    finished = true;
    for (Future<byte[]> f : inFlight) {
      f.cancel(true);
    }
    inFlight.clear();
    held.clear();
    block = null;
    release();
  }

  /**
   * One block of input into the serial deflate stream, at the level {@link #effectiveLevel}
   * picks for it; {@code last} ends the stream.
   */
  private void deflateSerially(byte[] data, int length, boolean last) throws IOException {
    int wanted = effectiveLevel(level, data, length);
    if (serial == null) {
      serial = new Deflater(wanted, true);
      serialLevel = wanted;
    } else if (wanted != serialLevel) {
      // zlib applies new parameters on the next deflate call, to the input it then has: so
      // the change is applied with no input pending, before this block's input is given
      serial.setLevel(wanted);
      serialLevel = wanted;
      serial.setInput(new byte[0]);
      do {
        out.write(serialBuffer, 0, serial.deflate(serialBuffer, 0, serialBuffer.length,
            Deflater.NO_FLUSH));
      } while (!serial.needsInput());
    }
    serial.setInput(data, 0, length);
    if (last) {
      serial.finish();
      while (!serial.finished()) {
        out.write(serialBuffer, 0, serial.deflate(serialBuffer, 0, serialBuffer.length,
            Deflater.NO_FLUSH));
      }
    } else {
      while (!serial.needsInput()) {
        out.write(serialBuffer, 0, serial.deflate(serialBuffer, 0, serialBuffer.length,
            Deflater.NO_FLUSH));
      }
    }
  }

  private void release() {
    if (serial != null) {
      serial.end();
    }
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }

  /** Bytes written to this stream so far (uncompressed). */
  public long bytesIn() {
    return totalIn;
  }

  @Override
  public void flush() throws IOException {
    // Deliberately no sync flush (it would make the bytes depend on flush calls); only the
    // compressed data already produced is passed on.
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
    } finally {
      out.close();
    }
  }
}

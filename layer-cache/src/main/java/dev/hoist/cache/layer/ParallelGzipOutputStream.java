package dev.hoist.cache.layer;

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
 * <p><b>Determinism.</b> With {@code threads > 1} the bytes depend only on the input, the
 * level and the block size — not on the thread count or scheduling. Input shorter than
 * {@code parallelThreshold} (default 4 MiB) is held back and, on close, deflated in one go on
 * the calling thread (no pool is started). With {@code threads == 1} the stream is a plain
 * single-threaded gzip (one Deflater, no blocks, no sync points): also deterministic, but its
 * bytes differ from the multi-threaded mode's.
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

  // single-threaded mode
  private final Deflater single;
  private final byte[] singleBuffer;

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
    if (threads == 1) {
      single = new Deflater(this.level, true);
      singleBuffer = new byte[1 << 16];
    } else {
      single = null;
      singleBuffer = null;
      block = new byte[blockSize];
    }
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
    if (single != null) {
      single.setInput(b, off, len);
      while (!single.needsInput()) {
        int n = single.deflate(singleBuffer, 0, singleBuffer.length, Deflater.NO_FLUSH);
        if (n > 0) {
          out.write(singleBuffer, 0, n);
        }
      }
      return;
    }
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

  /** Raw deflate of one block; ends with a sync flush, or the end of the stream when last. */
  static byte[] deflateBlock(int level, byte[] data, int length, byte[] dictionary, boolean last) {
    Deflater d = new Deflater(level, true);
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
      if (single != null) {
        single.finish();
        while (!single.finished()) {
          int n = single.deflate(singleBuffer, 0, singleBuffer.length, Deflater.NO_FLUSH);
          if (n > 0) {
            out.write(singleBuffer, 0, n);
          }
        }
      } else if (pool == null) {
        // below the threshold: one deflate on this thread
        Deflater d = new Deflater(level, true);
        try {
          byte[] buf = new byte[1 << 16];
          for (byte[] h : held) {
            d.setInput(h);
            while (!d.needsInput()) {
              int n = d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
              out.write(buf, 0, n);
            }
          }
          d.setInput(block, 0, blockLength);
          d.finish();
          while (!d.finished()) {
            int n = d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
            out.write(buf, 0, n);
          }
        } finally {
          d.end();
        }
        held.clear();
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

  private void release() {
    if (single != null) {
      single.end();
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

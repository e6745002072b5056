package dev.hoist.internal.runtime.net;

import dev.hoist.internal.runtime.ConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out a subnet's addresses to containers: one file per address in a state directory
 * ({@code <dir>/10.88.0.2}, holding the container's ID and its {@link Owner}), created with
 * {@code CREATE_NEW}, so an address is never given twice, also by two hoist processes at once;
 * the file survives hoist's restarts and is deleted when the container's network goes.
 * {@link #locked} serialises a sequence of steps on the directory between processes
 * ({@code <dir>/lock}, {@code flock}) and between threads of this JVM.
 */
public final class IpAllocator {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** One address held. */
  public record Allocation(String address, String containerId, Owner owner) {}

  /** A step that runs while the directory is locked. */
  public interface Locked<T> {
    T run() throws IOException;
  }

  private final Path dir;

  public IpAllocator(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** Runs {@code step} holding the directory's lock (against other threads and processes). */
  public <T> T locked(Locked<T> step) throws IOException {
    Files.createDirectories(dir);
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvm.lock();
    try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
      return step.run();
    } finally {
      jvm.unlock();
    }
  }

  /** The lowest free address of {@code subnet} for {@code containerId}. */
  public Allocation allocate(Subnet subnet, String containerId, Owner owner) throws IOException {
    Files.createDirectories(dir);
    for (long i = Subnet.firstHostOffset(); i <= subnet.lastHostOffset(); i++) {
      String address = subnet.address(i);
      Path file = dir.resolve(address);
      if (Files.exists(file)) {
        continue;
      }
      try {
        write(file, containerId, owner);
        return new Allocation(address, containerId, owner);
      } catch (FileAlreadyExistsException e) {
        // taken a moment ago: the next one
      }
    }
    throw new IOException("no free address left in " + subnet + " (" + dir + ")");
  }

  /**
   * {@code address} for {@code containerId} ({@code --ip}): it must be one of the subnet's
   * container addresses (not the network's, the gateway's or the broadcast address) and free;
   * an {@link IllegalArgumentException} saying which it is not.
   */
  public Allocation allocate(Subnet subnet, String address, String containerId, Owner owner)
      throws IOException {
    int value = requireContainerAddress(subnet, address);
    Files.createDirectories(dir);
    try {
      write(dir.resolve(Ipv4.format(value)), containerId, owner);
    } catch (FileAlreadyExistsException e) {
      throw new ConflictException("--ip " + address + " is already in use on " + subnet);
    }
    return new Allocation(Ipv4.format(value), containerId, owner);
  }

  /**
   * {@code address} as a number when it is one of {@code subnet}'s container addresses (not the
   * network's, the gateway's or the broadcast address); else an {@link IllegalArgumentException}
   * saying which it is not. Whether it is free is {@link #allocate}'s to find out.
   */
  public static int requireContainerAddress(Subnet subnet, String address) {
    int value;
    try {
      value = Ipv4.parse(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ip " + address + ": not an IPv4 address");
    }
    long offset = (value - subnet.base()) & 0xffffffffL;
    String range = " (container addresses: " + subnet.address(Subnet.firstHostOffset()) + " to "
        + subnet.address(subnet.lastHostOffset()) + ")";
    if (!subnet.contains(address)) {
      throw new IllegalArgumentException("--ip " + address + " is outside the subnet " + subnet
          + range);
    }
    if (offset < Subnet.firstHostOffset() || offset > subnet.lastHostOffset()) {
      throw new IllegalArgumentException("--ip " + address + " is reserved in " + subnet
          + " (network, gateway or broadcast)" + range);
    }
    return value;
  }

  private static void write(Path file, String containerId, Owner owner) throws IOException {
    Files.writeString(file, "container=" + containerId + "\nowner=" + owner.pid()
        + "\nstarted=" + owner.started() + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** The directory the addresses are held in (a file per address, and the lock). */
  Path dir() {
    return dir;
  }

  public void release(String address) throws IOException {
    Files.deleteIfExists(dir.resolve(address));
  }

  /** Every address held, with its container and owner. */
  public List<Allocation> list() throws IOException {
    List<Allocation> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        read(f).ifPresent(all::add);
      }
    }
    return all;
  }

  private static Optional<Allocation> read(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      return Optional.empty(); // the lock
    }
    String container = "";
    long pid = -1;
    String started = "";
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String v = line.substring(eq + 1);
      switch (line.substring(0, eq)) {
        case "container" -> container = v;
        case "owner" -> pid = parsePid(v);
        case "started" -> started = v;
        default -> { }
      }
    }
    return Optional.of(new Allocation(name, container, new Owner(pid, started)));
  }

  private static long parsePid(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1; // never alive: cleaned up
    }
  }
}

package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.seccomp.BpfCompiler;
import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shim's seccomp filter for a container: its {@link SeccompOption} resolved for the
 * container's capabilities ({@link HostOptions#capabilities()}, the bounding set every process of
 * the container has, as Docker resolves against it; none when privileged) and compiled to BPF in
 * {@code <containerDir>/seccomp.bpf}, which the config's {@code seccomp} key names; the
 * container's init and every {@code exec} load it.
 */
final class SeccompProgram {
  static final String FILE = "seccomp.bpf";

  private SeccompProgram() {}

  /**
   * The programs compiled last, by profile and capabilities: every container with the default
   * profile and capabilities has the same, which took a run several milliseconds of CPU to
   * resolve and compile (a program that stays up, the Engine API service, compiles it once).
   */
  private static final Map<List<Object>, Optional<byte[]>> COMPILED = java.util.Collections
      .synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Optional<byte[]>> eldest) {
          return size() > 16;
        }
      });

  /** Writes the filter; empty when the container is unconfined. */
  static Optional<Path> write(ContainerSpec spec) throws IOException {
    SeccompOption option = seccomp(spec);
    List<String> caps = List.copyOf(spec.host().capabilities());
    Optional<byte[]> program = COMPILED.computeIfAbsent(List.of(option, caps),
        k -> option.policy(caps).map(p -> BpfCompiler.forThisMachine().compile(p)));
    if (program.isEmpty()) {
      return Optional.empty();
    }
    Path dir = spec.containerDir().toAbsolutePath();
    Path file = dir.resolve(FILE);
    Path tmp = Files.createTempFile(dir, FILE, ".tmp");
    try {
      Files.write(tmp, program.get());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return Optional.of(file);
  }

  /** The container's profile: none when privileged, as Docker. */
  static SeccompOption seccomp(ContainerSpec spec) {
    return spec.host().privileged() ? SeccompOption.UNCONFINED : spec.seccomp();
  }

  /** For a process joining the running container: the filter its start wrote. */
  static Optional<Path> forExec(ContainerSpec spec) throws IOException {
    Path file = spec.containerDir().toAbsolutePath().resolve(FILE);
    if (seccomp(spec).mode() != SeccompOption.Mode.UNCONFINED && Files.isRegularFile(file)) {
      return Optional.of(file);
    }
    return write(spec); // started by a hoist without seccomp: compile it now
  }
}

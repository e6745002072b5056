package dev.hoist.internal.runtime;

import java.util.Locale;
import java.util.Objects;

/**
 * A mount as the user asked for it, before volumes are created: {@code -v SRC:DST[:ro]}
 * ({@code SRC} an absolute host path for a bind mount, else a volume name; {@code -v DST} alone
 * is an anonymous volume) or {@code --mount type=bind|volume|tmpfs,source=…,target=…[,readonly]
 * [,tmpfs-size=…][,tmpfs-mode=…][,volume-nocopy][,bind-propagation=rprivate]}. Every key either
 * works or is refused: {@code bind-propagation} takes only {@code rprivate} (what hoist makes
 * every bind mount, under both runtimes); {@code consistency} is accepted and has no effect, as
 * with Docker on Linux.
 *
 * @param type what to mount
 * @param source host path (bind), volume name (volume; null: a new anonymous volume), unused for
 *     tmpfs
 * @param target absolute path in the container
 * @param readOnly mounted read-only
 * @param tmpfsSize tmpfs size limit in bytes (0: the kernel's default)
 * @param tmpfsMode tmpfs root mode (default 01777)
 * @param noCopy a volume: the image's content at the target is not copied into it when it is
 *     new ({@code volume-nocopy})
 * @param tmpfsExec a tmpfs that allows executing its files ({@code --tmpfs PATH:exec}); Docker's
 *     default is {@code noexec}
 */
public record MountRequest(Type type, String source, String target, boolean readOnly,
    long tmpfsSize, int tmpfsMode, boolean noCopy, boolean tmpfsExec) {
  /** What kind of mount. */
  public enum Type { BIND, VOLUME, TMPFS }

  /** A mount whose new volume gets the image's content (Docker's default). */
  public MountRequest(Type type, String source, String target, boolean readOnly, long tmpfsSize,
      int tmpfsMode) {
    this(type, source, target, readOnly, tmpfsSize, tmpfsMode, false);
  }

  /** A mount of which a tmpfs is {@code noexec}, as Docker's. */
  public MountRequest(Type type, String source, String target, boolean readOnly, long tmpfsSize,
      int tmpfsMode, boolean noCopy) {
    this(type, source, target, readOnly, tmpfsSize, tmpfsMode, noCopy, false);
  }

  public MountRequest {
    Objects.requireNonNull(type, "type");
    if (target == null || !target.startsWith("/")) {
      throw new IllegalArgumentException("invalid mount target, it must be an absolute path: "
          + target);
    }
    if (type == Type.BIND && (source == null || !source.startsWith("/"))) {
      throw new IllegalArgumentException("invalid bind mount source, it must be an absolute "
          + "path: " + source);
    }
  }

  /** {@code -v SRC:DST[:OPTS]} or {@code -v DST}. */
  public static MountRequest parseVolume(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length == 1) {
      return new MountRequest(Type.VOLUME, null, parts[0], false, 0, 0);
    }
    if (parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("invalid volume specification: '" + spec
          + "' (SRC:DST[:ro])");
    }
    boolean readOnly = false;
    boolean noCopy = false;
    Type type = parts[0].startsWith("/") ? Type.BIND : Type.VOLUME;
    if (parts.length == 3) {
      for (String opt : parts[2].split(",")) {
        switch (opt) {
          case "ro" -> readOnly = true;
          case "nocopy" -> noCopy = true;
          case "rprivate" -> { } // what hoist makes every bind mount
          case "rw", "z", "Z", "" -> { }
          case "private", "shared", "slave", "rshared", "rslave" ->
              throw new IllegalArgumentException("volume option '" + opt + "' in '" + spec
                  + "' is not supported: hoist makes every bind mount rprivate");
          default -> throw new IllegalArgumentException("invalid volume option '" + opt
              + "' in '" + spec + "' (ro, rw or nocopy)");
        }
      }
    }
    if (noCopy && type != Type.VOLUME) {
      throw new IllegalArgumentException("invalid volume option 'nocopy' in '" + spec
          + "': for a named volume only");
    }
    if (type == Type.VOLUME) {
      checkVolumeName(parts[0]);
    }
    return new MountRequest(type, parts[0], parts[1], readOnly, 0, 0, noCopy);
  }

  /**
   * {@code --tmpfs PATH[:OPTIONS]} (and the Engine API's {@code HostConfig.Tmpfs}): a tmpfs on
   * PATH, {@code noexec,nosuid,nodev} as Docker's; OPTIONS as {@code mount -t tmpfs} takes them,
   * of which {@code size=} (bytes, with k/m/g), {@code mode=} (octal) and {@code exec} apply, and
   * {@code rw}, {@code noexec}, {@code nosuid}, {@code nodev} are the defaults. Any other option
   * is refused: hoist's tmpfs mounts are always {@code nosuid,nodev} and read-write.
   */
  public static MountRequest parseTmpfs(String spec) {
    int colon = spec.indexOf(':');
    String target = colon < 0 ? spec : spec.substring(0, colon);
    long size = 0;
    int mode = 01777;
    boolean exec = false;
    if (colon >= 0) {
      for (String option : spec.substring(colon + 1).split(",")) {
        String[] kv = option.trim().split("=", 2);
        switch (kv[0]) {
          case "size" -> size = ResourceUnits.bytes(require("size", kv.length > 1 ? kv[1] : null));
          case "mode" -> mode = Integer.parseInt(require("mode", kv.length > 1 ? kv[1] : null), 8);
          case "exec" -> exec = true;
          case "noexec" -> exec = false;
          case "rw", "nosuid", "nodev", "" -> { }
          default -> throw new IllegalArgumentException("invalid tmpfs option '" + option
              + "' in '" + spec + "': hoist takes size=, mode=, exec and noexec (its tmpfs "
              + "mounts are rw,nosuid,nodev)");
        }
      }
    }
    return new MountRequest(Type.TMPFS, null, target, false, size, mode, false, exec);
  }

  /** {@code --mount type=…,source=…,target=…,…}. */
  public static MountRequest parseMount(String spec) {
    Type type = Type.VOLUME;
    String source = null;
    String target = null;
    boolean readOnly = false;
    long size = 0;
    int mode = 01777;
    boolean noCopy = false;
    String propagation = null;
    for (String field : spec.split(",")) {
      String[] kv = field.split("=", 2);
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1] : null;
      switch (key) {
        case "type" -> type = switch (String.valueOf(value)) {
          case "bind" -> Type.BIND;
          case "volume" -> Type.VOLUME;
          case "tmpfs" -> Type.TMPFS;
          default -> throw new IllegalArgumentException("invalid mount type '" + value
              + "' (bind, volume or tmpfs)");
        };
        case "source", "src" -> source = value;
        case "target", "destination", "dst" -> target = value;
        case "readonly", "ro" -> readOnly = value == null || value.equals("1")
            || value.equalsIgnoreCase("true");
        case "tmpfs-size" -> size = ResourceUnits.bytes(require(key, value));
        case "tmpfs-mode" -> mode = Integer.parseInt(require(key, value), 8);
        case "volume-nocopy" -> noCopy = bool(key, value);
        case "bind-propagation" -> propagation = require(key, value);
        case "consistency" -> { } // macOS only: Docker on Linux ignores it too
        default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + spec
            + "'");
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("invalid mount '" + spec + "': target is missing");
    }
    if (type == Type.TMPFS && source != null) {
      throw new IllegalArgumentException("invalid mount '" + spec + "': tmpfs takes no source");
    }
    if (type == Type.VOLUME && source != null) {
      checkVolumeName(source);
    }
    if (type == Type.BIND && source == null) {
      throw new IllegalArgumentException("invalid mount '" + spec + "': source is missing");
    }
    if (noCopy && type != Type.VOLUME) {
      throw new IllegalArgumentException("invalid mount '" + spec + "': volume-nocopy is for "
          + "type=volume only");
    }
    if (propagation != null) {
      if (type != Type.BIND) {
        throw new IllegalArgumentException("invalid mount '" + spec + "': bind-propagation is "
            + "for type=bind only");
      }
      if (!propagation.equals("rprivate")) {
        throw new IllegalArgumentException("bind-propagation=" + propagation + " is not "
            + "supported: hoist makes every bind mount rprivate (Docker's default); private, "
            + "shared, slave, rshared and rslave are not available");
      }
    }
    return new MountRequest(type, source, target, readOnly, size, mode, noCopy);
  }

  /** A boolean mount option: the key alone, or 1/0, true/false as Go's strconv.ParseBool. */
  private static boolean bool(String key, String value) {
    if (value == null) {
      return true;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default -> throw new IllegalArgumentException("invalid value for " + key + ": " + value
          + " (true or false)");
    };
  }

  private static String require(String key, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + " needs a value");
    }
    return value;
  }

  /** Docker's rule for volume names: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}. */
  public static void checkVolumeName(String name) {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
      throw new IllegalArgumentException("invalid volume name '" + name
          + "': only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least two characters");
    }
  }
}

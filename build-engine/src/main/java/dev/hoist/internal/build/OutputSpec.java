package dev.hoist.internal.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a build's result goes ({@code --output type=…,dest=…,name=…}): the local store (image),
 * an OCI layout tar (oci), a {@code docker load} tar (docker), or the final filesystem into a
 * directory (local). {@code names} are the {@code name=} values: the image is tagged with them
 * as with {@code -t}. {@code dockerMediaTypes} ({@code oci-mediatypes=false}): a multi-platform
 * build's index is a Docker manifest list of images with Docker's media types.
 */
public record OutputSpec(Type type, Path dest, List<String> names, boolean dockerMediaTypes) {
  public enum Type { IMAGE, OCI, DOCKER, LOCAL }

  public static final OutputSpec IMAGE = new OutputSpec(Type.IMAGE, null);

  public OutputSpec {
    if (type != Type.IMAGE && dest == null) {
      throw new IllegalArgumentException("--output type=" + type.name().toLowerCase(Locale.ROOT)
          + " needs dest=PATH");
    }
    if (type == Type.LOCAL && !names.isEmpty()) {
      throw new IllegalArgumentException("--output type=local: name= does not apply (no image "
          + "is kept)");
    }
    names = List.copyOf(names);
  }

  public OutputSpec(Type type, Path dest, List<String> names) {
    this(type, dest, names, false);
  }

  public OutputSpec(Type type, Path dest) {
    this(type, dest, List.of());
  }

  /** Reads {@code type=oci,dest=out.tar}, or a bare path (as {@code -o DIR}: local). */
  public static OutputSpec parse(String spec) {
    if (!spec.contains("=")) {
      return new OutputSpec(Type.LOCAL, Path.of(spec));
    }
    Type type = null;
    Path dest = null;
    List<String> names = new ArrayList<>();
    boolean docker = false;
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--output " + spec + ": expected key=value fields");
      }
      String key = field.substring(0, eq).trim();
      String value = field.substring(eq + 1);
      switch (key) {
        case "type" -> {
          try {
            type = Type.valueOf(value.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--output " + spec
                + ": type must be image, oci, docker or local");
          }
        }
        case "dest" -> dest = Path.of(value);
        case "name" -> {
          if (value.isEmpty()) {
            throw new IllegalArgumentException("--output " + spec + ": name= is empty");
          }
          names.add(value);
        }
        case "oci-mediatypes" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--output " + spec
                + ": oci-mediatypes must be true or false");
          }
          docker = value.equals("false");
        }
        default -> throw new IllegalArgumentException("--output " + spec + ": unknown key " + key);
      }
    }
    if (type == null) {
      throw new IllegalArgumentException("--output " + spec + ": type= is missing");
    }
    if (docker && type != Type.IMAGE && type != Type.OCI) {
      throw new IllegalArgumentException("--output " + spec
          + ": oci-mediatypes applies to type=image and type=oci");
    }
    return new OutputSpec(type, dest, names, docker);
  }
}

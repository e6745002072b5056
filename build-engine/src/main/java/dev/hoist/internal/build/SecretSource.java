package dev.hoist.internal.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a {@code --secret} comes from: a file ({@code src=}) or an environment variable
 * ({@code env=}), or, for a caller that read the variable from elsewhere (compose: the
 * project's variables, {@code .env} included), its {@code value}. The value is read only while
 * the step that mounts it runs; it never goes into a layer, the history or a cache key (nor
 * {@link #toString}).
 */
public record SecretSource(String id, Path file, String env, String value) {

  /** A secret from a file or from the build's environment. */
  public SecretSource(String id, Path file, String env) {
    this(id, file, env, null);
  }

  @Override
  public String toString() {
    return "SecretSource[id=" + id + ", file=" + file + ", env=" + env
        + (value == null ? "" : ", value=(given)") + "]";
  }

  /** Reads {@code id=ID,src=FILE} or {@code id=ID,env=VAR} (also {@code type=file|env}). */
  public static SecretSource parse(String spec) {
    String id = null;
    Path file = null;
    String env = null;
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--secret " + spec + ": expected key=value fields");
      }
      String key = field.substring(0, eq).trim();
      String value = field.substring(eq + 1);
      switch (key) {
        case "id" -> id = value;
        case "src", "source" -> file = Path.of(value);
        case "env" -> env = value;
        case "type" -> {
          if (!value.equals("file") && !value.equals("env")) {
            throw new IllegalArgumentException("--secret " + spec + ": type must be file or env");
          }
        }
        default -> throw new IllegalArgumentException("--secret " + spec + ": unknown key " + key);
      }
    }
    if (id == null || id.isEmpty()) {
      id = file != null ? file.getFileName().toString() : env;
    }
    if (id == null) {
      throw new IllegalArgumentException("--secret " + spec + ": needs id= and src= or env=");
    }
    if (file == null && env == null) {
      env = id; // docker build: --secret id=X alone reads the variable X
    }
    return new SecretSource(id, file, env);
  }

  /** The largest secret: 500 KiB, BuildKit's limit ({@code secretsprovider.MaxSecretSize}). */
  public static final int MAX_SIZE = 500 * 1024;

  /** The secret's bytes, read now; a secret over {@link #MAX_SIZE} is refused before reading. */
  public byte[] read(Map<String, String> environment) throws IOException {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new BuildException("secret " + id + ": " + file + " is not a file");
      }
      long size = Files.size(file);
      if (size > MAX_SIZE) {
        throw tooLarge(file + " is " + size + " bytes");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] value = in.readNBytes(MAX_SIZE + 1); // the file may grow while it is read
        if (value.length > MAX_SIZE) {
          throw tooLarge(file + " grew past the limit while read");
        }
        return value;
      }
    }
    String value = this.value != null ? this.value : environment.get(env);
    if (value == null) {
      throw new BuildException("secret " + id + ": environment variable " + env + " is not set");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_SIZE) {
      throw tooLarge("variable " + env + " has " + bytes.length + " bytes");
    }
    return bytes;
  }

  private BuildException tooLarge(String what) {
    return new BuildException("secret " + id + ": " + what + ", more than the " + MAX_SIZE
        + " bytes (500 KiB) a secret may have");
  }
}

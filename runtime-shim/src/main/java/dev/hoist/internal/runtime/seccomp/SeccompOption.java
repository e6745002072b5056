package dev.hoist.internal.runtime.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Which seccomp profile a container runs under: Docker's default, none
 * ({@code --security-opt seccomp=unconfined}) or a profile the user gave
 * ({@code seccomp=FILE}, kept as its text so that {@code hoist start} later uses what
 * {@code hoist create} read).
 *
 * @param mode which one
 * @param profile the profile's JSON for {@link Mode#PROFILE}, else null
 */
public record SeccompOption(Mode mode, String profile) {
  public static final SeccompOption DEFAULT = new SeccompOption(Mode.DEFAULT, null);
  public static final SeccompOption UNCONFINED = new SeccompOption(Mode.UNCONFINED, null);

  public enum Mode { DEFAULT, UNCONFINED, PROFILE }

  public SeccompOption {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.PROFILE) != (profile != null)) {
      throw new IllegalArgumentException("a seccomp profile goes with mode PROFILE only");
    }
  }

  /**
   * The value of {@code --security-opt seccomp=VALUE} ({@code seccomp:VALUE} too, as Docker):
   * {@code unconfined}, or a profile file, read and checked now.
   */
  public static SeccompOption parse(String value) {
    if (value.equals("unconfined")) {
      return UNCONFINED;
    }
    String json;
    try {
      json = Files.readString(Path.of(value));
    } catch (NoSuchFileException e) {
      throw new SeccompProfileException("seccomp profile " + value + " does not exist");
    } catch (IOException e) {
      throw new SeccompProfileException("cannot read seccomp profile " + value + ": "
          + e.getMessage());
    }
    SeccompProfile.parse(json, value);
    return new SeccompOption(Mode.PROFILE, json);
  }

  /**
   * The policy for a container with these capabilities on this machine; empty when
   * unconfined.
   */
  public Optional<SeccompPolicy> policy(Collection<String> caps) {
    SeccompProfile p = switch (mode) {
      case UNCONFINED -> null;
      case DEFAULT -> SeccompProfile.dockerDefault();
      case PROFILE -> SeccompProfile.parse(profile, "(given with --security-opt)");
    };
    return p == null ? Optional.empty()
        : Optional.of(SeccompResolver.forThisMachine(caps).resolve(p));
  }

  /** As {@code docker inspect} shows it in {@code HostConfig.SecurityOpt}. */
  @JsonIgnore
  public Optional<String> securityOpt() {
    return switch (mode) {
      case DEFAULT -> Optional.empty();
      case UNCONFINED -> Optional.of("seccomp=unconfined");
      case PROFILE -> Optional.of("seccomp=" + profile);
    };
  }
}

package dev.hoist.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container to run, as {@code hoist run} takes it: the image (pulled when the store lacks
 * it), the command (empty: the image's), environment entries added to the image's, the working
 * directory and user (null: the image's), a name (null: a random one), the network. Immutable;
 * made with {@link #builder(String)}.
 *
 * @param image the image's name or ID
 * @param command the command and its arguments; empty for the image's {@code Cmd}
 * @param env environment variables set over the image's
 * @param workingDir the working directory, or null for the image's
 * @param user the user ({@code name}, {@code uid[:gid]}), or null for the image's
 * @param name the container's name, or null for a random one
 * @param network its network
 * @param init whether an init runs as PID 1 ({@code --init}: it forwards signals and reaps
 *     orphans); false, Docker's default: the command itself is PID 1
 */
public record ContainerRequest(String image, List<String> command, Map<String, String> env,
    String workingDir, String user, String name, RunNetwork network, boolean init) {

  /**
   * Checks and copies the values.
   *
   * @param image the image's name or ID
   * @param command the command; empty for the image's
   * @param env environment variables
   * @param workingDir the working directory, or null for the image's
   * @param user the user, or null for the image's
   * @param name the name, or null for a random one
   * @param network the network, null for none
   * @param init whether an init runs as PID 1 ({@code --init}); false: the command is PID 1, as
   *     Docker's default
   * @throws NullPointerException when a required value, a list or a map is null
   */
  public ContainerRequest {
    Objects.requireNonNull(image, "image");
    command = List.copyOf(command);
    env = Map.copyOf(env);
    network = network == null ? RunNetwork.NONE : network;
  }

  /**
   * Without an init: the command is PID 1, as Docker's default.
   *
   * @param image the image's name or ID
   * @param command the command; empty for the image's
   * @param env environment variables
   * @param workingDir the working directory, or null for the image's
   * @param user the user, or null for the image's
   * @param name the name, or null for a random one
   * @param network the network, null for none
   */
  public ContainerRequest(String image, List<String> command, Map<String, String> env,
      String workingDir, String user, String name, RunNetwork network) {
    this(image, command, env, workingDir, user, name, network, false);
  }

  /**
   * A container of {@code image}, everything else the image's.
   *
   * @param image the image's name or ID
   * @return a builder
   */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** Builds a {@link ContainerRequest}; every setter returns the builder. */
  public static final class Builder {
    private final String image;
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String workingDir;
    private String user;
    private String name;
    private RunNetwork network = RunNetwork.NONE;
    private boolean init;

    private Builder(String image) {
      this.image = image;
    }

    /**
     * The command and its arguments, instead of the image's {@code Cmd}.
     *
     * @param argv the command's words
     * @return this builder
     */
    public Builder command(String... argv) {
      command.clear();
      command.addAll(List.of(argv));
      return this;
    }

    /**
     * An environment variable ({@code -e NAME=VALUE}).
     *
     * @param name its name
     * @param value its value
     * @return this builder
     */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * The working directory ({@code -w}).
     *
     * @param dir an absolute path in the container
     * @return this builder
     */
    public Builder workingDir(String dir) {
      this.workingDir = dir;
      return this;
    }

    /**
     * The user the command runs as ({@code -u}).
     *
     * @param user a name or {@code uid[:gid]}
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * The container's name ({@code --name}).
     *
     * @param name a name no other container has
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Its network (default {@link RunNetwork#NONE}: an embedder asks for the bridge).
     *
     * @param network the network
     * @return this builder
     */
    public Builder network(RunNetwork network) {
      this.network = network;
      return this;
    }

    /**
     * Whether an init runs as PID 1 ({@code --init}; default false: the command is PID 1, as
     * Docker's default).
     *
     * @param init true for an init that forwards signals and reaps orphans
     * @return this builder
     */
    public Builder init(boolean init) {
      this.init = init;
      return this;
    }

    /**
     * The request.
     *
     * @return the container request
     */
    public ContainerRequest build() {
      return new ContainerRequest(image, command, env, workingDir, user, name, network, init);
    }
  }
}

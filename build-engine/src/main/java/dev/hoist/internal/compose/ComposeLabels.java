package dev.hoist.internal.compose;

/** The labels Docker Compose puts on what it makes, which hoist's compose reads back as state. */
public final class ComposeLabels {
  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String NUMBER = "com.docker.compose.container-number";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  public static final String ONEOFF = "com.docker.compose.oneoff";
  public static final String SLUG = "com.docker.compose.slug";
  public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  public static final String NETWORK = "com.docker.compose.network";
  public static final String VOLUME = "com.docker.compose.volume";
  public static final String DEPENDS_ON = "com.docker.compose.depends_on";
  public static final String VERSION = "com.docker.compose.version";

  private ComposeLabels() {}
}

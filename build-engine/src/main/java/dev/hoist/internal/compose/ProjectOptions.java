package dev.hoist.internal.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What picks and shapes a project, as {@code hoist compose}'s global options give it.
 *
 * @param files {@code -f}, in order (empty: {@code COMPOSE_FILE}, else the first of
 *     {@code compose.yaml}, {@code compose.yml}, {@code docker-compose.yaml},
 *     {@code docker-compose.yml} in the directory or a parent, with its override file)
 * @param projectName {@code -p}, null for {@code COMPOSE_PROJECT_NAME}, {@code name:}, the
 *     directory's name
 * @param projectDirectory {@code --project-directory}, null for the first file's directory
 * @param envFiles {@code --env-file}, empty for the project directory's {@code .env}
 * @param profiles {@code --profile} (empty: {@code COMPOSE_PROFILES}); {@code *} enables all
 * @param workingDir where relative {@code -f} paths and the file search start
 * @param environment the process's environment (wins over {@code .env})
 * @param interpolate false for {@code --no-interpolate}
 */
public record ProjectOptions(List<Path> files, String projectName, Path projectDirectory,
    List<Path> envFiles, List<String> profiles, Path workingDir, Map<String, String> environment,
    boolean interpolate) {
  public ProjectOptions {
    files = List.copyOf(files);
    envFiles = List.copyOf(envFiles);
    profiles = List.copyOf(profiles);
    environment = Map.copyOf(environment);
  }

  /** The defaults in {@code workingDir} with {@code environment}. */
  public static ProjectOptions in(Path workingDir, Map<String, String> environment) {
    return new ProjectOptions(List.of(), null, null, List.of(), List.of(), workingDir,
        environment, true);
  }

  public ProjectOptions withFiles(List<Path> next) {
    return new ProjectOptions(next, projectName, projectDirectory, envFiles, profiles,
        workingDir, environment, interpolate);
  }

  public ProjectOptions withProjectName(String next) {
    return new ProjectOptions(files, next, projectDirectory, envFiles, profiles, workingDir,
        environment, interpolate);
  }

  public ProjectOptions withProfiles(List<String> next) {
    return new ProjectOptions(files, projectName, projectDirectory, envFiles, next, workingDir,
        environment, interpolate);
  }
}

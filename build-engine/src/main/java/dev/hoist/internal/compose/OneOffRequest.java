package dev.hoist.internal.compose;

import java.util.List;
import java.util.Map;

/**
 * {@code compose run}'s request: a one-off container of {@code service}, as Compose v2 makes it
 * from the service's config with these changes.
 *
 * @param service the service
 * @param command the command (empty: the service's; with {@code entrypoint} given, none)
 * @param entrypoint {@code --entrypoint}, split as a shell would; null: the service's
 * @param env {@code -e K=V} (or {@code K}: the project's value, its environment then
 *     {@code .env}; none: left out), over the service's
 * @param user {@code -u}; null: the service's
 * @param workdir {@code -w}; null: the service's
 * @param name {@code --name}; null: {@code PROJECT-SERVICE-run-ID}
 * @param publish {@code -p} port specifications, as {@code docker run -p}
 * @param servicePorts {@code --service-ports}: the service's {@code ports} published too
 * @param useAliases {@code --use-aliases}: the service's name and aliases on its networks
 * @param noDeps {@code --no-deps}: the services it depends on are not started
 * @param autoRemove {@code --rm}
 * @param interactive stdin attached
 * @param tty a terminal ({@code -T}: none)
 * @param volumes {@code -v SRC:DST[:OPTS]} over the service's: a relative source the project
 *     directory's, a named one the project's volume of that key (else a volume of that name)
 * @param labels {@code -l K=V}, over the service's
 * @param capAdd {@code --cap-add}, added to the service's
 * @param capDrop {@code --cap-drop}, added to the service's
 */
public record OneOffRequest(String service, List<String> command, String entrypoint,
    List<String> env, String user, String workdir, String name, List<String> publish,
    boolean servicePorts, boolean useAliases, boolean noDeps, boolean autoRemove,
    boolean interactive, boolean tty, List<String> volumes, Map<String, String> labels,
    List<String> capAdd, List<String> capDrop) {
  public OneOffRequest {
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? List.of() : List.copyOf(env);
    publish = publish == null ? List.of() : List.copyOf(publish);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
  }
}

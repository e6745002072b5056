package dev.hoist.internal.compose;

import dev.hoist.cache.model.Platform;
import dev.hoist.internal.build.BuildContext;
import dev.hoist.internal.build.BuildException;
import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.build.Entitlement;
import dev.hoist.internal.build.RunHostOptions;
import dev.hoist.internal.build.SecretSource;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.service.BuildService;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's {@code build} section through hoist's build engine ({@link BuildService}, as
 * {@code hoist build} calls it): the context, its Dockerfile (or {@code dockerfile_inline}),
 * args, target, labels, cache_from, secrets, network, the RUN steps' extra_hosts, shm_size and
 * ulimits ({@link RunHostOptions}, as {@code hoist build}'s flags), and the one platform, tagged
 * with the service's image name ({@link #imageName}).
 */
final class ServiceImageBuild {
  private ServiceImageBuild() {}

  /** The service's {@code image}, else Compose v2's {@code PROJECT-SERVICE}. */
  static String imageName(ComposeProject project, ServiceConfig s) {
    return s.image() != null ? s.image() : project.name() + "-" + s.name();
  }

  /** Builds {@code s}'s image; {@code pull}: base images checked for newer versions. */
  static BuildResult build(BuildService builds, ComposeProject project, ServiceConfig s,
      boolean noCache, boolean pull, BuildProgress progress)
      throws IOException, InterruptedException {
    BuildConfig b = s.build();
    String at = "services." + s.name() + ".build";
    if (b == null) {
      throw new ComposeException(at + ": service \"" + s.name() + "\" has no build section");
    }
    try (BuildService.Session session = builds.open(RegistryOverrides.NONE, pull);
         BuildContext context = session.openContext(b.context(), InputStream.nullInputStream(),
             line -> { })) {
      Path dockerfile = null;
      if (b.dockerfileInline() != null) {
        session.dockerfileFromStdin(context, new ByteArrayInputStream(
            b.dockerfileInline().getBytes(StandardCharsets.UTF_8)));
        dockerfile = context.dockerfile();
      } else if (b.dockerfile() != null) {
        // Compose's dockerfile is the context's (hoist build's -f is the current directory's)
        dockerfile = context.resolveDockerfile(b.dockerfile());
        if (!dockerfile.isAbsolute()) {
          dockerfile = context.directory().resolve(dockerfile);
        }
      }
      BuildRequest.Builder request = BuildRequest.builder(context.directory())
          .dockerfile(dockerfile).tag(imageName(project, s)).target(b.target())
          .noCache(noCache);
      // KEY alone took the project's value when loaded; null: unset, the Dockerfile's default
      b.args().forEach((k, v) -> {
        if (v != null) {
          request.buildArg(k, v);
        }
      });
      b.labels().forEach((k, v) -> request.label(k, v == null ? "" : v));
      b.cacheFrom().forEach(request::cacheFrom);
      for (BuildSecret x : b.secrets()) {
        request.secret(new SecretSource(x.id(), x.file() == null ? null : Path.of(x.file()),
            x.environment(), x.value()));
      }
      if (b.network() != null) {
        request.network(switch (b.network()) {
          case "host" -> {
            request.allow(Entitlement.NETWORK_HOST); // asked for by the file, as buildx grants
            yield NetworkMode.HOST;
          }
          case "none" -> NetworkMode.NONE;
          default -> NetworkMode.BRIDGE;
        });
      }
      List<String> ulimits = new ArrayList<>();
      b.ulimits().forEach((name, value) -> ulimits.add(name + "=" + value));
      request.runHost(RunHostOptions.of(b.extraHosts(), b.shmSize(), ulimits, null, null, 0,
          null, null));
      for (String p : b.platforms()) {
        request.platform(Platform.parse(p));
      }
      request.sourceDateEpoch(builds.sourceDateEpoch(b.args()));
      return session.build(request.build().checkNames(), progress);
    } catch (BuildException | IllegalArgumentException e) {
      if (e instanceof ComposeException) {
        throw e;
      }
      throw new ComposeException(at + ": " + e.getMessage());
    }
  }
}

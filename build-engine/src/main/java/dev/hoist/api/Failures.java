package dev.hoist.api;

import dev.hoist.internal.build.BuildException;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.service.NotFoundException;
import java.io.IOException;

/**
 * The API's one translation of the libraries' failures into its own unchecked exceptions: a
 * missing thing, a registry's typed refusal, a failed build with its Dockerfile line, anything
 * else of the machine. Malformed requests ({@link IllegalArgumentException}) and calls the state
 * refuses ({@link IllegalStateException}) pass through as they are.
 */
final class Failures {
  private Failures() {}

  /** A piece of work of the services, which may fail with their checked exceptions. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException, InterruptedException;
  }

  /** What {@code work} returns; its failures as the API's exceptions. */
  static <T> T translate(Work<T> work) {
    try {
      return work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HoistApiException("interrupted", e);
    } catch (RegistryException e) {
      throw registry(e);
    } catch (IOException e) {
      throw new HoistApiException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new HoistApiException(e.getCause().getMessage() == null ? e.toString()
          : e.getCause().getMessage(), e.getCause());
    } catch (NotFoundException e) {
      throw new HoistNotFoundException(e.getMessage(), e);
    } catch (BuildException e) {
      throw new HoistBuildException(e.getMessage(), e.file().orElse(null), e.line(),
          e.exitCode(), e);
    } catch (DockerfileException e) {
      throw new HoistBuildException(e.getMessage(), e.file(), e.line(), 1, e);
    }
  }

  private static HoistRegistryException registry(RegistryException e) {
    HoistRegistryException.Code code = switch (e.kind()) {
      case UNAUTHORIZED -> HoistRegistryException.Code.UNAUTHORIZED;
      case DENIED -> HoistRegistryException.Code.DENIED;
      case NOT_FOUND -> HoistRegistryException.Code.NOT_FOUND;
      case UNSUPPORTED -> HoistRegistryException.Code.UNSUPPORTED;
      case CORRUPT -> HoistRegistryException.Code.CORRUPT;
      case FAILED -> HoistRegistryException.Code.FAILED;
    };
    return new HoistRegistryException(code, e.status(), e.getMessage(), e);
  }
}

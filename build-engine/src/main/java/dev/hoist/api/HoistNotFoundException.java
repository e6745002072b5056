package dev.hoist.api;

/**
 * What a request named (a local image, a container) does not exist in the hoist home. Images
 * missing from a registry are a {@link HoistRegistryException} with code
 * {@link HoistRegistryException.Code#NOT_FOUND}.
 */
public class HoistNotFoundException extends HoistApiException {
  private static final long serialVersionUID = 1L;

  /**
   * A missing thing, named in {@code message}.
   *
   * @param message what is missing
   * @param cause the failure underneath, or null
   */
  public HoistNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.internal.runtime.VolumeStore;
import java.util.Map;

/**
 * {@code docker volume inspect}'s object, the Engine API's {@code Volume}: every volume is the
 * {@code local} driver's, on this machine ({@code Scope} {@code local}).
 *
 * @param createdAt RFC 3339 ({@link DockerTime})
 * @param mountpoint the directory its containers mount
 * @param usageData with {@code -s} only (as the API's {@code system/df}): its bytes and how
 *     many containers use it
 */
public record VolumeInspect(
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("Name") String name,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Scope") String scope,
    @JsonProperty("UsageData") @JsonInclude(Include.NON_NULL) UsageData usageData) {

  /** {@code UsageData}: bytes used ({@code -1}: not known) and containers that mount it. */
  public record UsageData(@JsonProperty("Size") long size,
      @JsonProperty("RefCount") long refCount) {}

  /** {@code volume}: the local driver's, with its labels, no options. */
  public static VolumeInspect of(VolumeStore.Volume volume) {
    return new VolumeInspect(DockerTime.format(volume.created().toInstant()), "local",
        volume.labels(),
        volume.data().toString(), volume.name(), Map.of(), "local", null);
  }

  /** This volume with its usage. */
  public VolumeInspect withUsage(UsageData usage) {
    return new VolumeInspect(createdAt, driver, labels, mountpoint, name, options, scope, usage);
  }
}

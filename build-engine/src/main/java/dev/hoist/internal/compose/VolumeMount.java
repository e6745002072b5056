package dev.hoist.internal.compose;

/**
 * One entry of a service's {@code volumes}, in the long syntax every short one is read into.
 *
 * @param type {@code bind}, {@code volume} or {@code tmpfs}
 * @param source an absolute host path (bind), a volume key of the file (volume; null for an
 *     anonymous volume), null for tmpfs
 * @param target the absolute path in the container
 * @param readOnly mounted read-only
 * @param noCopy a new volume is not filled with the image's content ({@code volume.nocopy})
 * @param tmpfsSize a tmpfs's size in bytes (0: the kernel's default)
 */
public record VolumeMount(String type, String source, String target, boolean readOnly,
    boolean noCopy, long tmpfsSize) {}

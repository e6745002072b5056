package dev.hoist.api;

import java.util.OptionalInt;

/**
 * A container of the hoist home, as {@code hoist ps -a} shows it.
 *
 * @param id its full ID
 * @param name its name
 * @param image the image it was created from, as it was named
 * @param state {@code created}, {@code running}, {@code paused} or {@code exited}
 * @param exitCode its exit status once exited
 */
public record ContainerStatus(String id, String name, String image, String state,
    OptionalInt exitCode) {}

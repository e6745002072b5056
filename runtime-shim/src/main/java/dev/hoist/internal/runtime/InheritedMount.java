package dev.hoist.internal.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mount a new container takes from another ({@link VolumesFrom}): the source's bind mount of
 * a volume's directory or of a host path, at the same destination, read-only when the source's
 * was or when {@code :ro} was given. Its tmpfs mounts are not taken (Docker takes none of
 * {@code --tmpfs}'s either).
 *
 * @param mount what the new container mounts
 * @param volume the volume it is, null for a host path
 */
public record InheritedMount(BindMount mount, String volume) {

  /**
   * The mounts {@code from} takes, the sources found in {@code store} in order: a later
   * source's mount of a destination replaces an earlier one's, as Docker's.
   *
   * @throws IllegalArgumentException naming a source that does not exist ({@code No such
   *     container: NAME}, Docker's message)
   */
  public static List<InheritedMount> of(List<VolumesFrom> from, ContainerStore store)
      throws IOException {
    Map<String, InheritedMount> byTarget = new LinkedHashMap<>();
    for (VolumesFrom f : from) {
      ContainerState source = store.find(f.container()).orElseThrow(() ->
          new IllegalArgumentException("No such container: " + f.container()));
      if (source.spec() == null) {
        continue;
      }
      for (BindMount m : source.spec().mounts()) {
        BindMount taken = new BindMount(m.source(), m.target(), m.readOnly() || f.readOnly());
        String target = ContainerPlanner.normalise(m.target());
        byTarget.remove(target); // the later one, in the later place
        byTarget.put(target, new InheritedMount(taken, source.volumeOf(m)));
      }
    }
    return new ArrayList<>(byTarget.values());
  }
}

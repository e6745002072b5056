package dev.hoist.internal.engine;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.PullListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pull told as Docker's {@code POST /images/create} tells it: a JSON message per step of
 * each blob ({@code Pulling fs layer}, {@code Downloading} with its progress, {@code Pull
 * complete} or {@code Already exists}), keyed by the blob's short ID; a push
 * ({@link #pushing}) as {@code POST /images/{name}/push} does ({@code Preparing},
 * {@code Pushing}, then the registry client's outcome).
 */
final class PullProgress implements PullListener, TransferListener {
  private final JsonStream stream;
  private final String starting;
  private final String moving;

  PullProgress(JsonStream stream) {
    this(stream, "Pulling fs layer", "Downloading");
  }

  private PullProgress(JsonStream stream, String starting, String moving) {
    this.stream = stream;
    this.starting = starting;
    this.moving = moving;
  }

  /** A push's progress, in Docker's words. */
  static PullProgress pushing(JsonStream stream) {
    return new PullProgress(stream, "Preparing", "Pushing");
  }

  @Override
  public TransferListener blobs() {
    return this;
  }

  @Override
  public void started(Descriptor blob, String action) {
    stream.send(message(starting, blob, Map.of()));
  }

  @Override
  public void progress(Descriptor blob, long bytes) {
    Map<String, Object> detail = Map.of("current", bytes, "total", blob.size());
    Map<String, Object> m = message(moving, blob, detail);
    m.put("progress", bar(bytes, blob.size()));
    stream.send(m);
  }

  @Override
  public void finished(Descriptor blob, String outcome) {
    stream.send(message(outcome, blob, Map.of()));
  }

  @Override
  public void pulled(String reference, TransferResult result) {
    stream.send(Map.of("status", "Digest: " + result.root().digest()));
  }

  private static Map<String, Object> message(String status, Descriptor blob,
      Map<String, Object> detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("progressDetail", detail);
    m.put("id", shortId(blob));
    return m;
  }

  static String shortId(Descriptor blob) {
    String hex = blob.digest().hex();
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** Docker's progress bar text, {@code [=====>     ]  1.2MB/3.4MB} without the sizes' units. */
  private static String bar(long current, long total) {
    int width = 50;
    int done = total <= 0 ? 0 : (int) Math.min(width, current * width / total);
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < width; i++) {
      b.append(i < done ? '=' : i == done ? '>' : ' ');
    }
    return b.append("] ").append(current).append('/').append(total).toString();
  }
}

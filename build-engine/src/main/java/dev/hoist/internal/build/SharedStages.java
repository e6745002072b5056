package dev.hoist.internal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of a multi-platform build that every platform shares: named stages
 * {@code FROM --platform=$BUILDPLATFORM … AS NAME} that read no {@code TARGET*} ARG and copy
 * from no other stage. Built once (for the first platform, as {@code --target NAME}) before the
 * platforms build in parallel, they are cache hits for all of them. A cross-compile's builder
 * that reads {@code $TARGETARCH} is per platform: it is not among them, and the platforms then
 * build in parallel from the start.
 */
final class SharedStages {
  private static final Pattern FROM = Pattern.compile(
      "(?im)^\\s*FROM\\s+(.*?)\\s*$");
  private static final Pattern BUILD_PLATFORM = Pattern.compile(
      "--platform=(\\$BUILDPLATFORM|\\$\\{BUILDPLATFORM\\})(\\s|$)");
  private static final Pattern NAME = Pattern.compile("(?i)\\sAS\\s+(\\S+)$");

  private SharedStages() {}

  /** The shared stages' names, in the Dockerfile's order. */
  static List<String> of(Path dockerfile) throws IOException {
    return Files.isRegularFile(dockerfile) ? of(Files.readString(dockerfile)) : List.of();
  }

  /** The shared stages' names of {@code dockerfile}'s text, in order. */
  static List<String> of(String dockerfile) {
    List<String> names = new ArrayList<>();
    Matcher from = FROM.matcher(dockerfile);
    List<int[]> starts = new ArrayList<>();
    while (from.find()) {
      starts.add(new int[] {from.start(), from.end()});
    }
    for (int i = 0; i < starts.size(); i++) {
      String line = dockerfile.substring(starts.get(i)[0], starts.get(i)[1]).strip();
      String body = dockerfile.substring(starts.get(i)[1],
          i + 1 < starts.size() ? starts.get(i + 1)[0] : dockerfile.length());
      Matcher name = NAME.matcher(line);
      if (BUILD_PLATFORM.matcher(line).find() && name.find()
          && !body.toUpperCase(Locale.ROOT).contains("TARGET")
          && !body.contains("--from=")) {
        names.add(name.group(1));
      }
    }
    return names;
  }
}

package dev.hoist.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code --cidfile FILE}, as Docker's: the file is made (it must not exist) before the container
 * is created, gets the container's ID once it is, and goes again when the creation fails.
 */
final class CidFile {
  private final Path file;

  private CidFile(Path file) {
    this.file = file;
  }

  /** Makes {@code file} empty; refused when it exists. Null for null (no {@code --cidfile}). */
  static CidFile create(String file) throws IOException {
    if (file == null) {
      return null;
    }
    Path path = Path.of(file);
    try {
      Files.write(path, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new UserError("container ID file found, make sure the other container isn't "
          + "running or delete " + file);
    } catch (IOException e) {
      throw new UserError("failed to create the container ID file: " + e.getMessage());
    }
    return new CidFile(path);
  }

  void write(String id) throws IOException {
    Files.writeString(file, id, StandardCharsets.US_ASCII);
  }

  void discard() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more to do: the creation's own error is what the user sees
    }
  }
}

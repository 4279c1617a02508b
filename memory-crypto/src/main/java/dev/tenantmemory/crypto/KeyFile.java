package dev.tenantmemory.crypto;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a key file of {@code NAME=value} lines after checking that other users cannot read it. */
final class KeyFile {
  private static final Set<PosixFilePermission> FORBIDDEN =
      Set.of(
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.GROUP_WRITE);

  private KeyFile() {}

  static Map<String, String> read(Path file) {
    String source = "key file " + file;
    List<String> lines;
    try {
      checkPermissions(file, source);
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw KeyConfig.error(source, "the file does not exist");
    } catch (CharacterCodingException e) {
      throw KeyConfig.error(source, "the file is not UTF-8 text");
    } catch (IOException e) {
      throw new KeyConfigurationException(
          "key configuration (" + source + "): the file cannot be read", e);
    }
    Map<String, String> values = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw KeyConfig.error(source, "line " + lineNumber + " must look like NAME=value");
      }
      String name = line.substring(0, equals).trim();
      if (!KeyConfig.NAMES.contains(name)) {
        // The name is not echoed: a bare base64 key with '=' padding would land here.
        throw KeyConfig.error(
            source,
            "line " + lineNumber + " sets an unknown name; expected one of " + KeyConfig.NAMES);
      }
      Integer first = lineOf.putIfAbsent(name, lineNumber);
      if (first != null) {
        throw KeyConfig.error(
            source,
            "line " + lineNumber + " sets " + name + " again (first set on line " + first + ")");
      }
      values.put(name, unquote(line.substring(equals + 1).trim()));
    }
    return values;
  }

  private static void checkPermissions(Path file, String source) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> permissions = view.readAttributes().permissions();
    for (PosixFilePermission forbidden : FORBIDDEN) {
      if (permissions.contains(forbidden)) {
        throw KeyConfig.error(
            source,
            "the file is accessible to other users (permissions "
                + PosixFilePermissions.toString(permissions)
                + "): restrict it with chmod 600, or chmod 640 to share it with a group");
      }
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).trim();
    }
    return value;
  }
}

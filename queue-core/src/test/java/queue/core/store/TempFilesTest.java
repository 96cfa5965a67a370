package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.files.DefaultFileOps;

class TempFilesTest {
  @TempDir Path dir;

  @Test
  void aTempFileIsNamedAfterItsTargetAndNeverTwiceTheSame() {
    Path target = dir.resolve(StateFiles.QUEUE_FILE);

    Path first = TempFiles.nameFor(target);
    Path second = TempFiles.nameFor(target);

    assertEquals(dir, first.getParent());
    assertTrue(first.getFileName().toString().startsWith("queue.json.tmp-"), first.toString());
    assertTrue(
        TempFiles.probeNameFor(target)
            .getFileName()
            .toString()
            .startsWith("queue.json.tmp-probe-"));
    assertNotEquals(first, second);
  }

  @Test
  void leftoversOfEveryStateFileAreListedAndRemovedAndNothingElse() throws IOException {
    List<String> kept = List.of("queue.json", "queue.json.1", "agents.json", "queue.json.lock");
    for (String name : kept) {
      Files.writeString(dir.resolve(name), "{}");
    }
    Set<Path> leftovers =
        Set.of(
            TempFiles.nameFor(dir.resolve("queue.json")),
            TempFiles.nameFor(dir.resolve("agents.json")),
            TempFiles.probeNameFor(dir.resolve("queue.json")));
    for (Path leftover : leftovers) {
      Files.writeString(leftover, "{\"half\":");
    }
    TempFiles tempFiles = new TempFiles(dir, new DefaultFileOps());

    assertEquals(leftovers, new HashSet<>(tempFiles.list()));
    assertEquals(3, tempFiles.removeLeftovers());

    assertEquals(List.of(), tempFiles.list());
    assertEquals(Set.copyOf(kept), namesIn(dir));
  }

  private static Set<String> namesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}

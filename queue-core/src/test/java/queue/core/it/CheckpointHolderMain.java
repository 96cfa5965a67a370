package queue.core.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stands for another process writing a checkpoint: creates {@code queue.json.checkpoint-FILE} in a
 * data directory, takes the OS lock on it as a checkpoint's writer does, prints "locked", and holds
 * it until killed or its stdin is closed.
 *
 * <p>Args: DIR FILE
 */
public final class CheckpointHolderMain {
  private CheckpointHolderMain() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]).resolve("queue.json.checkpoint-" + args[1]);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      // Released when the channel closes, or by the OS when this process dies.
      channel.lock();
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holding until the parent closes the pipe, or kills this process.
      }
    }
  }
}

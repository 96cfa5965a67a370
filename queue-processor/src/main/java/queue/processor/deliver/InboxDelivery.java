package queue.processor.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Function;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.store.DefaultFileOps;

/**
 * Maildir-style delivery into a directory: the entry is written to {@code tmp/<entry id>.json}
 * (mode 0600), fsynced, renamed into {@code new/<entry id>.json}, and the directory fsynced. A
 * reader of {@code new/} sees whole files only. A re-delivery writes the same name, so it is
 * idempotent for a reader that has not yet taken the file.
 *
 * <p>The default inbox of a file store, {@code inbox/NAME} in the data directory, must stay inside
 * the data directory: if a symlink leads it elsewhere, delivery is refused for good rather than
 * writing where nobody asked. An inbox given at registration is the user's choice and is followed
 * as is.
 */
public final class InboxDelivery implements Delivery {
  private static final DefaultFileOps FILE_OPS = new DefaultFileOps();

  private final Function<Agent, Path> inboxOf;

  /**
   * @param inboxOf the store's inbox of an agent ({@link queue.core.api.QueueStore#inboxOf})
   */
  public InboxDelivery(Function<Agent, Path> inboxOf) {
    this.inboxOf = inboxOf;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) {
    Agent agent = claim.agent();
    boolean isDefault = agent.inbox() == null;
    Path inbox = inboxOf.apply(agent).toAbsolutePath().normalize();
    Path tmp = inbox.resolve("tmp");
    Path fresh = inbox.resolve("new");
    try {
      if (isDefault) {
        Path dataDirectory = inbox.getParent().getParent();
        String escape = prepareInside(dataDirectory, inbox.getParent(), inbox, tmp, fresh);
        if (escape != null) {
          return new DeliveryResult.Permanent(escape);
        }
      } else {
        DefaultFileOps.makeDirectories(tmp);
        DefaultFileOps.makeDirectories(fresh);
      }
      String name = claim.entry().id() + ".json";
      Path temp = tmp.resolve(name);
      writeDurably(temp, payload);
      Files.move(temp, fresh.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      FILE_OPS.forceDirectory(fresh);
      return DeliveryResult.delivered();
    } catch (IOException | UnsupportedOperationException e) {
      return new DeliveryResult.Retry("cannot write to inbox " + inbox + ": " + e);
    }
  }

  // Each level is checked before anything is created under it, so a planted symlink never gets
  // even an empty directory created at its target.
  private static String prepareInside(Path dataDirectory, Path... directories) throws IOException {
    Path root = dataDirectory.toRealPath();
    for (Path directory : directories) {
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(directory, DefaultFileOps.ownerOnlyDirectory());
        } catch (FileAlreadyExistsException e) {
          // Created by a parallel delivery: checked below like any other.
        }
      }
      Path real = directory.toRealPath();
      if (!real.startsWith(root)) {
        return "inbox "
            + directory
            + " leads to "
            + real
            + ", outside the data directory "
            + root
            + "; refusing to follow the symlink: remove it, then 'queue retry'";
      }
    }
    return null;
  }

  // A leftover of an interrupted attempt is replaced; NOFOLLOW_LINKS with CREATE_NEW never
  // writes through a link planted in tmp/.
  private static void writeDurably(Path temp, byte[] payload) throws IOException {
    Files.deleteIfExists(temp);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            Set.<OpenOption>of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            DefaultFileOps.ownerOnlyFile())) {
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }
}

package queue.processor.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import queue.core.Quoted;
import queue.core.api.Claim;
import queue.core.files.FileOps;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/**
 * Maildir-style delivery into a directory: the entry is written to {@code tmp/<entry id>.json}
 * (mode 0600), fsynced, renamed into {@code new/<entry id>.json}, and the directory fsynced. A
 * reader of {@code new/} sees whole files only. A re-delivery writes the same name, so it is
 * idempotent for a reader that has not yet taken the file. Every write goes through {@link
 * FileOps}, the seam tests fail on demand; a failed attempt leaves no file in {@code tmp/}.
 *
 * <p>A file is only ever written directly in {@code tmp/} and {@code new/}: an entry id that is no
 * plain file name there fails the entry for good (the stores refuse such ids already).
 *
 * <p>The default inbox of a file store, {@code inbox/NAME} in the data directory, must stay inside
 * the data directory: if a symlink leads it elsewhere, delivery is refused for good rather than
 * writing where nobody asked. An inbox given at registration is the user's choice and is followed
 * as is.
 */
public final class InboxDelivery implements Delivery {
  private final Path root;
  private final FileOps files;

  /**
   * @param root where default inboxes go ({@link Inbox#rootFor}): {@code inbox/NAME} under it
   */
  public InboxDelivery(Path root, FileOps files) {
    this.root = root;
    this.files = files;
  }

  /** A local write has no deadline of its own: {@code timeout} is not used. */
  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout) {
    Agent agent = claim.agent();
    String problem = Inbox.directoryProblem(agent);
    if (problem != null) {
      return new DeliveryResult.Permanent("agent " + agent.name() + ": " + problem);
    }
    Inbox layout = Inbox.of(agent, root);
    Path inbox = layout.directory();
    Path tmp = layout.tmp();
    Path fresh = layout.unread();
    try {
      if (layout.isDefault()) {
        String escape = prepareInside(layout.root(), inbox.getParent(), inbox, tmp, fresh);
        if (escape != null) {
          return new DeliveryResult.Permanent(escape);
        }
      } else {
        files.createDirectories(tmp);
        files.createDirectories(fresh);
      }
      String name = Inbox.fileName(claim.entry().id());
      Path temp = tmp.resolve(name);
      Path target = fresh.resolve(name);
      if (!isDirectlyIn(tmp, temp) || !isDirectlyIn(fresh, target)) {
        return new DeliveryResult.Permanent(
            "entry id "
                + Quoted.of(claim.entry().id())
                + " is no plain file name in "
                + fresh
                + ": nothing written outside the inbox");
      }
      writeDurably(temp, payload);
      try {
        files.atomicMove(temp, target);
      } catch (IOException e) {
        deleteQuietly(temp);
        throw e;
      }
      files.forceDirectory(fresh);
      return DeliveryResult.delivered();
    } catch (IOException | UnsupportedOperationException e) {
      return new DeliveryResult.Retry(
          "cannot write to inbox " + inbox + ": " + ErrorText.describe(e));
    }
  }

  // The store checks every id it reads; this keeps a name that slipped through from leaving the
  // inbox (a separator, "..").
  private static boolean isDirectlyIn(Path directory, Path file) {
    return directory.equals(file.normalize().getParent());
  }

  // Each level is checked before anything is created under it, so a planted symlink never gets
  // even an empty directory created at its target.
  private String prepareInside(Path dataDirectory, Path... directories) throws IOException {
    Path root = dataDirectory.toRealPath();
    for (Path directory : directories) {
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        try {
          files.createDirectories(directory);
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

  // A leftover of an interrupted attempt is replaced; creating the file anew (O_EXCL) never
  // writes through a link planted in tmp/.
  private void writeDurably(Path temp, byte[] payload) throws IOException {
    files.deleteIfExists(temp);
    try (FileChannel channel = files.createNew(temp)) {
      files.write(channel, ByteBuffer.wrap(payload));
      files.force(channel);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private void deleteQuietly(Path temp) {
    try {
      files.deleteIfExists(temp);
    } catch (IOException e) {
      // Replaced by the next attempt, which deletes a leftover first.
    }
  }
}

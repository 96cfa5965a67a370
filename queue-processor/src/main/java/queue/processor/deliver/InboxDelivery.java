package queue.processor.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * FileOps}, the seam tests fail on demand; a failed attempt leaves no file in {@code tmp/}. The
 * file in {@code tmp/} may be written ahead ({@link #prepare}), while the outcome of the entry
 * before it is saved: only the rename makes it a delivery.
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
  private static final Logger log = LoggerFactory.getLogger(InboxDelivery.class);

  private final Path root;
  private final FileOps files;
  // Files written ahead by prepare, by path, with what they hold: at most one per batch.
  private final Map<Path, byte[]> prepared = new ConcurrentHashMap<>();

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
    try {
      String refusal = placementProblem(layout, claim);
      if (refusal != null) {
        return new DeliveryResult.Permanent(refusal);
      }
      Path temp = tempOf(layout, claim);
      if (!isPrepared(temp, payload)) {
        writeDurably(temp, payload);
      }
      try {
        files.atomicMove(temp, layout.unread().resolve(temp.getFileName()));
      } catch (IOException e) {
        deleteQuietly(temp);
        throw e;
      }
      files.forceDirectory(layout.unread());
      return DeliveryResult.delivered();
    } catch (IOException | UnsupportedOperationException e) {
      return new DeliveryResult.Retry(
          "cannot write to inbox " + layout.directory() + ": " + ErrorText.describe(e));
    }
  }

  /**
   * Writes and fsyncs the entry's file in {@code tmp/}, where no reader looks: the part of the
   * delivery that may overlap the save of the one before it. A failure leaves it to {@link
   * #deliver}.
   */
  @Override
  public void prepare(Claim claim, byte[] payload) {
    if (hasNoDirectory(claim.agent())) {
      return;
    }
    Inbox layout = Inbox.of(claim.agent(), root);
    try {
      if (placementProblem(layout, claim) == null) {
        Path temp = tempOf(layout, claim);
        writeDurably(temp, payload);
        prepared.put(temp, payload);
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("preparing entry {}: {}", claim.entry().id(), ErrorText.describe(e));
    }
  }

  @Override
  public void discard(Claim claim) {
    if (hasNoDirectory(claim.agent())) {
      return;
    }
    Path temp = tempOf(Inbox.of(claim.agent(), root), claim);
    if (prepared.remove(temp) != null) {
      deleteQuietly(temp);
    }
  }

  private static boolean hasNoDirectory(Agent agent) {
    return Inbox.directoryProblem(agent) != null;
  }

  private static Path tempOf(Inbox layout, Claim claim) {
    return layout.tmp().resolve(Inbox.fileName(claim.entry().id()));
  }

  // A file prepared with this very payload, and still a plain file there, is delivered as it is.
  private boolean isPrepared(Path temp, byte[] payload) {
    byte[] staged = prepared.remove(temp);
    return staged != null
        && Arrays.equals(staged, payload)
        && Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS);
  }

  // The inbox's directories are created (the default one only inside the data directory), and
  // the entry's file name must stay in them; else why not, for good.
  private String placementProblem(Inbox layout, Claim claim) throws IOException {
    Path inbox = layout.directory();
    Path tmp = layout.tmp();
    Path fresh = layout.unread();
    if (layout.isDefault()) {
      String escape = prepareInside(layout.root(), inbox.getParent(), inbox, tmp, fresh);
      if (escape != null) {
        return escape;
      }
    } else {
      files.createDirectories(tmp);
      files.createDirectories(fresh);
    }
    Path temp = tempOf(layout, claim);
    if (!isDirectlyIn(tmp, temp) || !isDirectlyIn(fresh, fresh.resolve(temp.getFileName()))) {
      return "entry id "
          + Quoted.of(claim.entry().id())
          + " is no plain file name in "
          + fresh
          + ": nothing written outside the inbox";
    }
    return null;
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

package queue.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.inbox.DirectoryWait;
import queue.core.inbox.Inbox;
import queue.core.inbox.InboxFiles;
import tools.jackson.databind.JsonNode;

/**
 * An inbox agent's unread messages, as {@code queue inbox --ack} reads them: the files of {@code
 * new/}, oldest first, each taken (renamed for this process, so no other reader hands it out too)
 * before it is handed out, and moved into {@code cur/} when acknowledged. What was taken and never
 * acknowledged goes back into {@code new/} when the server closes; after a kill -9, the next reader
 * of the inbox gives it back. Waits on a watch of {@code new/}, where the processor's deliveries
 * land.
 */
final class InboxMailbox implements Mailbox {
  private static final Logger LOG = LoggerFactory.getLogger(InboxMailbox.class);

  private final InboxFiles inbox;
  private final DirectoryWait arrivals;
  private final Set<Path> unacknowledged = new LinkedHashSet<>();
  private boolean closed;

  InboxMailbox(Inbox inbox) {
    this.inbox = new InboxFiles(inbox);
    this.arrivals = new DirectoryWait(this.inbox.unreadDirectory());
  }

  @Override
  public synchronized Taken take(int limit) {
    if (closed) {
      return Taken.NONE;
    }
    List<Object> messages = new ArrayList<>();
    List<Path> taken = new ArrayList<>();
    long chars = 0;
    for (Path file : inbox.unread()) {
      if (taken.size() == limit) {
        break;
      }
      Optional<Path> mine = inbox.take(file);
      if (mine.isEmpty()) {
        continue;
      }
      InboxFiles.Read read = inbox.read(mine.get());
      if (read.message() != null) {
        chars += bodyLength(read.message());
        if (!taken.isEmpty() && chars > MAX_BODY_CHARS) {
          inbox.giveBack(mine.get());
          break;
        }
        messages.add(read.message());
        taken.add(mine.get());
      } else {
        if (read.problem() != null) {
          LOG.warn("skipped {}: {}", file, read.problem());
        }
        inbox.giveBack(mine.get());
      }
    }
    if (taken.isEmpty()) {
      return Taken.NONE;
    }
    unacknowledged.addAll(taken);
    return new Taken(messages, () -> read(taken));
  }

  // A file another reader takes meanwhile is shown all the same: peeking promises nothing.
  @Override
  public List<Object> peek(int limit) {
    List<Object> messages = new ArrayList<>();
    long chars = 0;
    for (Path file : inbox.unread()) {
      if (messages.size() == limit) {
        break;
      }
      InboxFiles.Read read = inbox.read(file);
      if (read.message() != null) {
        chars += bodyLength(read.message());
        if (!messages.isEmpty() && chars > MAX_BODY_CHARS) {
          break;
        }
        messages.add(read.message());
      }
    }
    return messages;
  }

  private static int bodyLength(JsonNode message) {
    return message.path("body").asString("").length();
  }

  private void read(List<Path> taken) {
    for (Path file : taken) {
      inbox.markRead(file);
      synchronized (this) {
        unacknowledged.remove(file);
      }
    }
  }

  // Files are taken one by one: one not yet acknowledged holds back none after it.
  @Override
  public boolean settling() {
    return false;
  }

  // One waiter at a time: the watch is made on the first wait, and each wait is short.
  @Override
  public void await(Duration atMost) throws InterruptedException {
    synchronized (arrivals) {
      arrivals.await(atMost);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Path file : unacknowledged) {
      inbox.giveBack(file);
    }
    unacknowledged.clear();
    arrivals.close();
  }
}

package queue.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.inbox.DirectoryWait;
import queue.core.inbox.InboxFiles;

/**
 * An inbox agent's unread messages, as {@code queue inbox --ack} reads them: the files of {@code
 * new/}, oldest first, moved into {@code cur/} when acknowledged. A file handed out and not yet
 * acknowledged is not handed out again by this server; never acknowledged (the server killed, the
 * result never written), it stays in {@code new/} and the next fetch reads it again. Waits on a
 * watch of {@code new/}, where the processor's deliveries land.
 */
final class InboxMailbox implements Mailbox {
  private static final Logger LOG = LoggerFactory.getLogger(InboxMailbox.class);

  private final InboxFiles inbox;
  private final DirectoryWait arrivals;
  private final Set<Path> handedOut = new HashSet<>();
  private boolean closed;

  InboxMailbox(Path inbox) {
    this.inbox = new InboxFiles(inbox);
    this.arrivals = new DirectoryWait(this.inbox.unreadDirectory());
  }

  @Override
  public synchronized Taken take(int limit) {
    if (closed) {
      return Taken.NONE;
    }
    List<Object> messages = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path file : inbox.unread()) {
      if (files.size() == limit) {
        break;
      }
      if (handedOut.contains(file)) {
        continue;
      }
      InboxFiles.Read read = inbox.read(file);
      if (read.problem() != null) {
        LOG.warn("skipped {}: {}", file, read.problem());
      } else if (read.message() != null) {
        messages.add(read.message());
        files.add(file);
      }
    }
    if (files.isEmpty()) {
      return Taken.NONE;
    }
    handedOut.addAll(files);
    return new Taken(messages, () -> read(files));
  }

  private void read(List<Path> files) {
    try {
      for (Path file : files) {
        inbox.markRead(file);
      }
    } finally {
      synchronized (this) {
        files.forEach(handedOut::remove);
      }
    }
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
    handedOut.clear();
    arrivals.close();
  }
}

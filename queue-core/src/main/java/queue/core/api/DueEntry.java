package queue.core.api;

import queue.core.model.Entry;
import queue.core.model.Message;

/** An entry that a claim could take now, with its message: what a peek shows, changing nothing. */
public record DueEntry(Entry entry, Message message) {}

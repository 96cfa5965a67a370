package queue.core.api;

import queue.core.model.Entry;

/** An entry with its message's body, as {@code queue list} and history show it. */
public record EntryView(Entry entry, String body) {}

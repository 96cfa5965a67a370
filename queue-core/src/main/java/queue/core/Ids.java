package queue.core;

import java.util.UUID;

/** Message and entry ids: random UUIDs, safe as file names and unique across restores. */
public final class Ids {
  private Ids() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }
}

package queue.core.model;

import java.util.Objects;

/**
 * What a non-delivery notice says: which recipient's entry of the message it answers became FAILED,
 * and with what error. A message that carries one is a notice, and a notice never causes another
 * (see {@link Notices}).
 *
 * @param recipient the recipient whose entry failed
 * @param state the state the entry reached: FAILED
 * @param error the entry's last error ("expired", "agent removed", what the transport said)
 */
public record Notice(String recipient, EntryState state, String error) {

  public Notice {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(error, "error");
  }
}

package queue.processor.deliver;

import queue.core.api.Claim;
import queue.core.documents.AgentMessage;
import tools.jackson.databind.json.JsonMapper;

/** The bytes every transport delivers for an entry: its {@link AgentMessage} as JSON. */
public final class Payload {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private Payload() {}

  public static byte[] of(Claim claim) {
    return MAPPER.writeValueAsBytes(AgentMessage.of(claim));
  }
}

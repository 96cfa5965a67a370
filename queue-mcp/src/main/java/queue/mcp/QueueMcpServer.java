package queue.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import queue.core.api.QueueStore;
import queue.core.inbox.Inbox;

/**
 * {@code queue mcp}: a Model Context Protocol server on stdin and stdout, on the official MCP Java
 * SDK, through which one agent uses the queue as tools: {@code send_message}, {@code reply}, {@code
 * fetch_messages}, {@code peek_messages}, {@code get_thread}, {@code list_agents}, {@code
 * queue_status}. Each tool is a thin call of the queue API answering the command line's JSON.
 * Stdout carries the protocol only; anything else goes to stderr. Serves until stdin ends.
 */
public final class QueueMcpServer {
  private QueueMcpServer() {}

  /**
   * What a server serves.
   *
   * @param agent the registered pull or inbox agent the server is for: the sender of what it sends,
   *     the recipient of what it fetches
   * @param inbox an inbox agent's inbox directory; null for a pull agent
   * @param owner names the server in listings and in doctor's lease check
   * @param lease how long a pull agent's message taken but not yet written stays away from other
   *     receivers: after a crash, how long until it is due again
   * @param version the program's version, which the server tells its client
   */
  public record Setup(
      QueueStore store,
      String agent,
      Inbox inbox,
      Clock clock,
      String owner,
      Duration lease,
      String version) {}

  /**
   * Serves the protocol on {@code in} and {@code out} until {@code in} ends; what was taken and not
   * yet written is then given back.
   *
   * @throws InterruptedException if the calling thread is interrupted (a signal), after giving back
   */
  public static void serve(Setup setup, InputStream in, OutputStream out)
      throws InterruptedException {
    // The protocol owns stdout: a stray print of any library goes to stderr instead.
    System.setOut(new PrintStream(System.err, true));
    McpJsonMapper json = McpJsonDefaults.getMapper();
    AnsweredInput input = new AnsweredInput(in, json);
    StdoutReceipts receipts = new StdoutReceipts(out, input::answered);
    StdioSession session =
        new StdioSession(new StdioServerTransportProvider(json, input, receipts));
    try (Mailbox mailbox = mailbox(setup)) {
      McpSyncServer server =
          McpServer.sync(session)
              .serverInfo("queue", setup.version())
              .instructions(Instructions.of(setup.agent()))
              .capabilities(ServerCapabilities.builder().tools(false).build())
              .tools(
                  new SendMessageTool(setup.store(), setup.agent(), setup.clock())
                      .specification(json),
                  new ReplyTool(setup.store(), setup.agent()).specification(json),
                  new FetchMessagesTool(mailbox, receipts, setup.clock(), setup.agent())
                      .specification(json),
                  new PeekMessagesTool(mailbox, setup.agent()).specification(json),
                  new GetThreadTool(setup.store()).specification(json),
                  new ListAgentsTool(setup.store()).specification(json),
                  new QueueStatusTool(setup.store()).specification(json))
              .build();
      try {
        session.awaitEnd();
      } finally {
        input.close();
        server.close();
      }
    }
  }

  private static Mailbox mailbox(Setup setup) {
    if (setup.inbox() != null) {
      return new InboxMailbox(setup.inbox());
    }
    return new PullMailbox(setup.store(), setup.agent(), setup.owner(), setup.lease());
  }
}

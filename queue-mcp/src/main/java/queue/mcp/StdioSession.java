package queue.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport, telling when its one session ended: the SDK closes the session when
 * stdin reaches its end (the host closed it, or exited), and also when it cannot read a message;
 * either way nothing more can be served, and the server ends.
 */
final class StdioSession implements McpServerTransportProvider {
  private final McpServerTransportProvider stdio;
  private final CountDownLatch ended = new CountDownLatch(1);

  StdioSession(McpServerTransportProvider stdio) {
    this.stdio = stdio;
  }

  /** Returns once the session has ended. */
  void awaitEnd() throws InterruptedException {
    ended.await();
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessions) {
    stdio.setSessionFactory(transport -> sessions.create(new Observed(transport)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return stdio.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return stdio.notifyClient(sessionId, method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return stdio.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return stdio.protocolVersions();
  }

  /** The session's transport, which the session closes when it ends. */
  private final class Observed implements McpServerTransport {
    private final McpServerTransport transport;

    Observed(McpServerTransport transport) {
      this.transport = transport;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return transport.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return transport.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
      return transport.protocolVersions();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return transport.closeGracefully().doFinally(signal -> ended.countDown());
    }

    @Override
    public void close() {
      transport.close();
      ended.countDown();
    }
  }
}

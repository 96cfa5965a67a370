package queue.processor.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Liveness;
import queue.core.api.Outcome;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.model.AgentChange;
import queue.core.testing.TestAgents;

/**
 * A queue with an agent in every state, made through the queue API before a processor starts: alice
 * (inbox) takes deliveries; bob (inbox) is paused with entries pending; carol (http) has a FAILED
 * entry whose error holds markup; dave (inbox) has a scheduled entry; erin (http) has an entry
 * PROCESSING under another processor's lease. One message's body is a script tag.
 */
final class QueueScene {
  static final String HOST = "test-host";
  static final String SCRIPT_BODY = "<script>alert(1)</script>";
  static final String CAROL_ERROR = "HTTP 500 from http://127.0.0.1:9/hook: <b>boom</b> & more";
  static final String OTHER_OWNER = "4242-0ther0wn";
  static final String OTHER_HOST = "other-host";

  private QueueScene() {}

  /**
   * Sets the scene; alice's two messages are queued, for a processor to deliver. Returns the
   * registration of the other processor, on another host, that holds erin's entry.
   */
  static Liveness.Registration build(QueueStore store, Path inboxes, Clock clock) {
    TestAgents requests = new TestAgents(HOST);
    store
        .agents()
        .add(requests.inbox("alice", inboxes.resolve("alice").toString(), clock.instant()));
    store.agents().add(requests.inbox("bob", inboxes.resolve("bob").toString(), clock.instant()));
    store.agents().add(requests.http("carol", "http://127.0.0.1:9/hook", clock.instant()));
    store.agents().add(requests.inbox("dave", inboxes.resolve("dave").toString(), clock.instant()));
    store.agents().add(requests.http("erin", "http://127.0.0.1:9/erin", clock.instant()));
    store.agents().change("bob", AgentChange.pause());
    failCarolAndHoldErin(store);
    send(
        store,
        SendRequest.to(List.of("dave"), "ops", "later")
            .withNotBefore(clock.instant().plus(Duration.ofHours(1))));
    send(store, SendRequest.to(List.of("alice", "bob"), "mallory", SCRIPT_BODY));
    send(store, SendRequest.to(List.of("alice"), "ops", "deploy at 17:00"));
    return store
        .liveness()
        .register(new ProcessorInfo(OTHER_OWNER, OTHER_HOST, 4242, clock.instant()));
  }

  /** A processor's name for a status server that runs without one. */
  static ProcessorInfo observer(Clock clock) {
    return new ProcessorInfo("observer", HOST, ProcessHandle.current().pid(), clock.instant());
  }

  static void send(QueueStore store, SendRequest request) {
    store.sends().send(request);
  }

  // Before alice has anything due, so that these two are the only entries a claim can take.
  private static void failCarolAndHoldErin(QueueStore store) {
    send(store, SendRequest.to(List.of("carol"), "ops", "for carol"));
    send(store, SendRequest.to(List.of("erin"), "ops", "for erin"));
    List<List<Claim>> batches =
        store
            .leases()
            .claim(ClaimRequest.processor(OTHER_OWNER, HOST, Duration.ofHours(1), 10, 10));
    for (List<Claim> batch : batches) {
      Claim claim = batch.get(0);
      if (claim.entry().recipient().equals("carol")) {
        store
            .leases()
            .settle(List.of(new Completion(claim.lease(), new Outcome.Failed(CAROL_ERROR))));
      }
    }
  }
}

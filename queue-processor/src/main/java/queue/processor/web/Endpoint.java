package queue.processor.web;

/** One read-only path of the status server; it needs nothing from the request but its path. */
@FunctionalInterface
interface Endpoint {
  Response respond();
}

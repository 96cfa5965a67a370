-- Schema version 3: groups. An agent is in any number of groups (names with the agents' rules,
-- each once, sorted: queue.core.model.Agent), and a send to @GROUP queues for the agents in it at
-- that moment, resolved inside the send's own statement (PostgresSends). A group is nothing but
-- the agents in it, so it needs no table of its own; agents already registered are in none.
ALTER TABLE queue_agents
  ADD COLUMN groups text[] NOT NULL DEFAULT '{}';

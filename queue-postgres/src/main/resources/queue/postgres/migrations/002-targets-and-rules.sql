-- Schema version 2: a store no longer knows what a transport's target looks like, and the rules a
-- claim and nextDue share are written once, as functions.

-- An agent keeps its transport's label and its target, a JSON object that only the processor's
-- transports and the command line read (queue.core.model.Target), instead of a column per
-- transport. pinned: only a processor on the agent's host delivers to it (an inbox agent).
ALTER TABLE queue_agents
  ADD COLUMN target jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(target) = 'object'),
  ADD COLUMN pinned boolean NOT NULL DEFAULT false;

-- The columns of version 1 become the target's fields, under the names agents.json gives them
-- (queue.core.model.LegacyAgents); a timeout is written as users type it, as Durations.format does.
UPDATE queue_agents SET
  target = jsonb_strip_nulls(jsonb_build_object(
    'inbox', inbox,
    'url', url,
    'exec', to_jsonb(exec),
    'maxAttempts', max_attempts,
    'timeout', CASE
      WHEN timeout_ms IS NULL THEN NULL
      WHEN timeout_ms > 0 AND timeout_ms % 86400000 = 0 THEN (timeout_ms / 86400000) || 'd'
      WHEN timeout_ms > 0 AND timeout_ms % 3600000 = 0 THEN (timeout_ms / 3600000) || 'h'
      WHEN timeout_ms > 0 AND timeout_ms % 60000 = 0 THEN (timeout_ms / 60000) || 'm'
      WHEN timeout_ms % 1000 = 0 THEN (timeout_ms / 1000) || 's'
      ELSE timeout_ms || 'ms'
    END,
    'secretFile', secret_file,
    'headers', to_jsonb(headers))),
  pinned = transport = 'inbox' AND host IS NOT NULL;

ALTER TABLE queue_agents
  DROP CONSTRAINT queue_agents_transport_check,
  DROP COLUMN inbox,
  DROP COLUMN url,
  DROP COLUMN exec,
  DROP COLUMN max_attempts,
  DROP COLUMN timeout_ms,
  DROP COLUMN secret_file,
  DROP COLUMN headers,
  ADD CHECK (NOT pinned OR host IS NOT NULL);

-- When an unfinished entry next needs a claim: a PENDING entry at its retry or scheduled time, or
-- at its TTL if that comes first (the claim's sweep fails it then); a PROCESSING one when its lease
-- runs out; never (NULL) once DELIVERED or FAILED. The twin of Entry.dueAt.
CREATE FUNCTION queue_due_at(
    state text, next_attempt_at timestamptz, expires_at timestamptz, lease_expires_at timestamptz)
  RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE state
      WHEN 'PENDING' THEN least(next_attempt_at, expires_at)
      WHEN 'PROCESSING' THEN lease_expires_at
    END
  $$;

-- True when a claim at now may take the entry, its recipient's order aside: it is due and its TTL
-- has not run out. The twin of Entry.isClaimable.
CREATE FUNCTION queue_claimable(
    state text, next_attempt_at timestamptz, expires_at timestamptz, lease_expires_at timestamptz,
    now timestamptz)
  RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(queue_due_at(state, next_attempt_at, expires_at, lease_expires_at) <= now, false)
      AND (state <> 'PENDING' OR expires_at IS NULL OR expires_at > now)
  $$;

-- True for an entry of a scheduled send (--delay, --at) whose time has not come: it never ran, so
-- it holds back nothing queued after it. The twin of Entry.isScheduled.
CREATE FUNCTION queue_scheduled(
    state text, attempts integer, next_attempt_at timestamptz, now timestamptz)
  RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT state = 'PENDING' AND attempts = 0 AND next_attempt_at > now
  $$;

-- nextDue: the earliest due time to come, one index for retries, schedules, TTLs and leases.
DROP INDEX queue_entries_due;
DROP INDEX queue_entries_leases;
CREATE INDEX queue_entries_due_at
  ON queue_entries (queue_due_at(state, next_attempt_at, expires_at, lease_expires_at))
  WHERE state IN ('PENDING', 'PROCESSING');

-- The first schema of the PostgreSQL store. Ids are ASCII and compared byte by byte (COLLATE "C"),
-- so an index on them serves both their order and LIKE 'prefix%' lookups.

-- One row: the key of the last id taken (see queue.core.Ids). A send locks it, which serializes
-- sends: id order is commit order is queue order, across hosts.
CREATE TABLE queue_meta (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_key bigint NOT NULL
);
INSERT INTO queue_meta (last_key) VALUES (0);

CREATE TABLE queue_agents (
  name text COLLATE "C" PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  transport text NOT NULL CHECK (transport IN ('inbox', 'http', 'exec', 'pull')),
  inbox text,
  url text,
  exec text[],
  registered_at timestamptz NOT NULL,
  host text,
  paused boolean NOT NULL DEFAULT false,
  max_attempts integer,
  timeout_ms bigint,
  secret_file text,
  headers text[]
);

-- One row per name ever queued to, registered or not: the row a claim locks (FOR UPDATE SKIP
-- LOCKED) so that one recipient is claimed by one transaction at a time.
CREATE TABLE queue_recipients (
  name text COLLATE "C" PRIMARY KEY
);

-- Every entry ever delivered per agent, and when the last was; retention and purge never lower it.
CREATE TABLE queue_counters (
  agent text COLLATE "C" PRIMARY KEY,
  delivered bigint NOT NULL DEFAULT 0,
  last_delivered_at timestamptz
);

CREATE TABLE queue_messages (
  id text COLLATE "C" PRIMARY KEY,
  sender text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  idempotency_key text UNIQUE,
  recipients text[] NOT NULL,
  ttl_ms bigint
);

-- One fencing token per claim.
CREATE SEQUENCE queue_lease_token;

CREATE TABLE queue_entries (
  id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES queue_messages (id),
  recipient text COLLATE "C" NOT NULL,
  -- Queue order: the key of the entry's id (queue.core.Ids), or its place in an import.
  seq bigint NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('PENDING', 'PROCESSING', 'DELIVERED', 'FAILED')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  delivered_at timestamptz,
  expires_at timestamptz,
  lease_owner text,
  lease_token bigint NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  CHECK (state <> 'PROCESSING' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CHECK (state <> 'DELIVERED' OR delivered_at IS NOT NULL)
);
-- The claim: a recipient's unfinished entries in queue order.
CREATE INDEX queue_entries_unfinished ON queue_entries (recipient, seq)
  WHERE state IN ('PENDING', 'PROCESSING');
-- Listings of failed entries, retry --all. (Status counts read the whole table once; an index on
-- state would cost every claim and settle an index insert for nothing.)
CREATE INDEX queue_entries_failed ON queue_entries (seq) WHERE state = 'FAILED';
-- The expiry sweep at the start of every claim.
CREATE INDEX queue_entries_expiry ON queue_entries (expires_at)
  WHERE expires_at IS NOT NULL AND state IN ('PENDING', 'PROCESSING');
-- nextDue: the next retry or scheduled time, the next lease to run out.
CREATE INDEX queue_entries_due ON queue_entries (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX queue_entries_leases ON queue_entries (lease_expires_at) WHERE state = 'PROCESSING';
-- Retention.
CREATE INDEX queue_entries_delivered ON queue_entries (delivered_at) WHERE state = 'DELIVERED';
CREATE INDEX queue_entries_message ON queue_entries (message_id);

-- Delivered entries moved out of queue_entries by retention, with their body.
CREATE TABLE queue_history (
  entry_id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL,
  recipient text NOT NULL,
  sender text NOT NULL,
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  delivered_at timestamptz NOT NULL,
  expires_at timestamptz,
  body text NOT NULL
);
CREATE INDEX queue_history_message ON queue_history (message_id);

-- Running processors. A row counts only while its session holds the advisory lock
-- (PostgresLiveness.LOCK_CLASS, lock_key): the server drops the lock when the session ends.
CREATE SEQUENCE queue_processor_key AS integer;
CREATE TABLE queue_processors (
  lock_key integer PRIMARY KEY,
  owner text NOT NULL,
  host text,
  pid bigint NOT NULL,
  started_at timestamptz NOT NULL
);

-- The id of a key, as queue.core.Ids.format writes it (8 characters of Crockford's base 32), so
-- that a send takes its ids and queues its entries in one statement.
CREATE FUNCTION queue_id(key bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT string_agg(
      substr('0123456789abcdefghjkmnpqrstvwxyz', ((key >> (5 * (7 - i))) & 31)::integer + 1, 1),
      '' ORDER BY i)
    FROM generate_series(0, 7) AS i
  $$;

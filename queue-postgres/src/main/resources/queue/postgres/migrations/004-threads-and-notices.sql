-- Schema version 4: conversations. Every message belongs to a thread (the id of the thread's
-- first message: its own when it starts one), may answer another message, and a non-delivery
-- notice says which recipient's entry of the message it answers failed, and why.
ALTER TABLE queue_messages
  ADD COLUMN thread_id text COLLATE "C",
  ADD COLUMN in_reply_to text COLLATE "C",
  ADD COLUMN notice_recipient text,
  ADD COLUMN notice_state text CHECK (notice_state = 'FAILED'),
  ADD COLUMN notice_error text,
  ADD CHECK ((notice_recipient IS NULL) = (notice_state IS NULL)
    AND (notice_state IS NULL) = (notice_error IS NULL));

-- A message written before threads starts its own.
UPDATE queue_messages SET thread_id = id;
ALTER TABLE queue_messages ALTER COLUMN thread_id SET NOT NULL;
CREATE INDEX queue_messages_thread ON queue_messages (thread_id);

-- Retention keeps the thread of what it moves, so a thread is read whole, history included.
ALTER TABLE queue_history
  ADD COLUMN thread_id text COLLATE "C",
  ADD COLUMN in_reply_to text COLLATE "C";
UPDATE queue_history SET thread_id = message_id;
ALTER TABLE queue_history ALTER COLUMN thread_id SET NOT NULL;
CREATE INDEX queue_history_thread ON queue_history (thread_id);

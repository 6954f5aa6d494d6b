-- The sender's reads of the outbox by subscription and by digest (outbox-repository.ts). Without them every pass read
-- the whole table once per subscription (nextBatch) and once per digest sent (markSent, markFailed): after a burst of
-- 10,000 tickets overdue at once across 300 subscriptions (about 500,000 rows) a pass held the event loop for seconds.
-- Only rows still to send: the sent ones are never read by subscription again.
CREATE INDEX notify_outbox_subscription ON notify_outbox(subscription_id, batch_id, id) WHERE status IN ('pending', 'failed');
CREATE INDEX notify_outbox_batch ON notify_outbox(batch_id) WHERE batch_id IS NOT NULL;

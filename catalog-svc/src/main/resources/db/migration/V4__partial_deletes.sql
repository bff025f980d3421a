-- Partial deletes: the object keys a failed delete already removed (newline-separated), so a PARTLY_DELETED
-- backup stays so across retries until the delete finishes.
ALTER TABLE backups ADD COLUMN deleted_keys VARCHAR(2100);

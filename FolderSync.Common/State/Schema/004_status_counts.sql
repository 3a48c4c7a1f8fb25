-- 004: `status` is asked often (the CLI, `wait`, scripts polling it) and must not walk file_state: the counts it
-- shows are kept in one row by triggers, inside the writer's own transaction, and the rows it lists (local-only
-- creates, conflict copies) are found through partial indexes that hold only them (issue 15).
-- `dirty` is StateStore's Dirty predicate: keep the two the same.
CREATE TABLE state_counts (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
    live       INTEGER NOT NULL,
    files      INTEGER NOT NULL,
    live_bytes INTEGER NOT NULL,
    dirty      INTEGER NOT NULL,
    local_only INTEGER NOT NULL
);

INSERT INTO state_counts (id, live, files, live_bytes, dirty, local_only)
SELECT 0,
       COALESCE(SUM(deleted = 0), 0),
       COALESCE(SUM(deleted = 0 AND kind = 0), 0),
       COALESCE(SUM(CASE WHEN deleted = 0 THEN size ELSE 0 END), 0),
       COALESCE(SUM(local_only = 0 AND ((deleted = 1 AND base_sha256 IS NOT NULL) OR (deleted = 0 AND (base_sha256 IS NULL OR sha256 <> base_sha256)))), 0),
       COALESCE(SUM(local_only = 1 AND deleted = 0), 0)
FROM file_state;

CREATE TRIGGER file_state_counts_insert AFTER INSERT ON file_state
BEGIN
    UPDATE state_counts SET
        live = live + (NEW.deleted = 0),
        files = files + (NEW.deleted = 0 AND NEW.kind = 0),
        live_bytes = live_bytes + CASE WHEN NEW.deleted = 0 THEN NEW.size ELSE 0 END,
        dirty = dirty + (NEW.local_only = 0 AND ((NEW.deleted = 1 AND NEW.base_sha256 IS NOT NULL) OR (NEW.deleted = 0 AND (NEW.base_sha256 IS NULL OR NEW.sha256 <> NEW.base_sha256)))),
        local_only = local_only + (NEW.local_only = 1 AND NEW.deleted = 0)
    WHERE id = 0;
END;

CREATE TRIGGER file_state_counts_delete AFTER DELETE ON file_state
BEGIN
    UPDATE state_counts SET
        live = live - (OLD.deleted = 0),
        files = files - (OLD.deleted = 0 AND OLD.kind = 0),
        live_bytes = live_bytes - CASE WHEN OLD.deleted = 0 THEN OLD.size ELSE 0 END,
        dirty = dirty - (OLD.local_only = 0 AND ((OLD.deleted = 1 AND OLD.base_sha256 IS NOT NULL) OR (OLD.deleted = 0 AND (OLD.base_sha256 IS NULL OR OLD.sha256 <> OLD.base_sha256)))),
        local_only = local_only - (OLD.local_only = 1 AND OLD.deleted = 0)
    WHERE id = 0;
END;

CREATE TRIGGER file_state_counts_update AFTER UPDATE ON file_state
BEGIN
    UPDATE state_counts SET
        live = live + (NEW.deleted = 0) - (OLD.deleted = 0),
        files = files + (NEW.deleted = 0 AND NEW.kind = 0) - (OLD.deleted = 0 AND OLD.kind = 0),
        live_bytes = live_bytes + CASE WHEN NEW.deleted = 0 THEN NEW.size ELSE 0 END - CASE WHEN OLD.deleted = 0 THEN OLD.size ELSE 0 END,
        dirty = dirty
            + (NEW.local_only = 0 AND ((NEW.deleted = 1 AND NEW.base_sha256 IS NOT NULL) OR (NEW.deleted = 0 AND (NEW.base_sha256 IS NULL OR NEW.sha256 <> NEW.base_sha256))))
            - (OLD.local_only = 0 AND ((OLD.deleted = 1 AND OLD.base_sha256 IS NOT NULL) OR (OLD.deleted = 0 AND (OLD.base_sha256 IS NULL OR OLD.sha256 <> OLD.base_sha256)))),
        local_only = local_only + (NEW.local_only = 1 AND NEW.deleted = 0) - (OLD.local_only = 1 AND OLD.deleted = 0)
    WHERE id = 0;
END;

CREATE INDEX file_state_local_only ON file_state (path) WHERE local_only = 1 AND deleted = 0;
CREATE INDEX file_state_conflict_copies ON file_state (path) WHERE deleted = 0 AND path LIKE '%.sync-conflict-%';

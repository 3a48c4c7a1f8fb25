-- 003: permission bits travel (docs/sync-model.md, modes). `mode` is a file's st_mode & 0777 as last seen on disk;
-- the client's `base_mode` is the mode of the server version it last synced. NULL in rows written before this
-- script: not known yet, so no disk's mode is changed until a real one is seen or sent.
ALTER TABLE file_state ADD COLUMN mode INTEGER NULL;
ALTER TABLE file_state ADD COLUMN base_mode INTEGER NULL;

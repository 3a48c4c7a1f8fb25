-- 001: the per-folder state (docs/sync-model.md). Paths compare with BINARY collation so the
-- range query of GetUnder ('dir/' <= path < 'dir0') matches byte order.
CREATE TABLE file_state (
    path          TEXT    NOT NULL PRIMARY KEY,
    kind          INTEGER NOT NULL,
    size          INTEGER NOT NULL,
    last_modified INTEGER NOT NULL,
    inode         INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    origin        TEXT    NOT NULL,
    sequence      INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    base_sha256   TEXT    NULL,
    local_only    INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX file_state_sequence ON file_state (sequence);

CREATE TABLE meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

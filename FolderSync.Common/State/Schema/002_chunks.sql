-- 002: delta transfer (docs/protocol.md, FILE_DELTA). The sender's chunk list of the version it last
-- recorded of each large file: the base its next delta copies from. `sha256` is that version's hash;
-- a row whose hash is not the receiver's base is never used. `data` is ChunkList.Serialize().
CREATE TABLE chunks (
    path   TEXT NOT NULL PRIMARY KEY,
    sha256 TEXT NOT NULL,
    data   BLOB NOT NULL
);

using FolderSync.Common.Delta;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.State;

/// <summary>Chunk lists of large files (table <c>chunks</c>), kept by the sender of deltas.</summary>
public sealed partial class StateStore
{
    /// <summary>The stored chunk list of <paramref name="path"/>, or null (none, or of an older format).</summary>
    public ChunkList? GetChunks(RelativePath path)
    {
        lock (_readLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _reader.CreateCommand();
            command.CommandText = "SELECT sha256, data FROM chunks WHERE path = $path;";
            command.Parameters.AddWithValue("$path", path.Value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ChunkList.Deserialize(reader.GetString(0), (byte[])reader.GetValue(1)) : null;
        }
    }

    public void PutChunks(RelativePath path, ChunkList chunks)
    {
        using var batch = BeginBatch();
        batch.PutChunks(path, chunks);
        batch.Commit();
    }

    public void DeleteChunks(RelativePath path)
    {
        using var batch = BeginBatch();
        batch.DeleteChunks(path);
        batch.Commit();
    }
}

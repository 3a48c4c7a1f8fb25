using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Transfer;

/// <summary>Chunks a recorded version of a file on disk, for either side's base of the next delta.</summary>
internal static class VersionChunker
{
    /// <summary>
    /// The chunk list of the version <paramref name="sha256"/>, or null when the file is no longer that version:
    /// its stat must match <paramref name="version"/> (what was hashed) before and after the read, which spares a
    /// second SHA-256 pass over the file. A file that cannot be opened throws.
    /// </summary>
    public static ChunkList? TryChunk(FolderRoot root, RelativePath path, string sha256, ExpectedTarget version)
    {
        using var stream = root.OpenRead(path);
        if (!version.Matches(FolderRoot.StatHandle(stream.SafeFileHandle, path.Value)))
        {
            return null;
        }

        var chunks = FastCdcChunker.Chunk(stream, sha256);
        return version.Matches(FolderRoot.StatHandle(stream.SafeFileHandle, path.Value)) ? chunks : null;
    }
}

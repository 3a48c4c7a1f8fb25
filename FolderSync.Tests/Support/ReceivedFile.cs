using System.Security.Cryptography;
using FolderSync.Client.Engine;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Support;

/// <summary>A file "received from the server" applied through the client's one state writer, as ReceivedFiles does.</summary>
internal static class ReceivedFile
{
    public static void Apply(FolderRoot root, ChangeApplier applier, RelativePath path)
    {
        byte[] content = System.Text.Encoding.UTF8.GetBytes($"content of {path}\n");
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var temp = root.BeginWrite(path);
        temp.Write(content);
        applier.ApplyFile(path, new FileUpdateMessage(0, path.Value, content.Length, 1_764_000_000_000_000_000, sha, null, 7, "server"), temp, record: null);
    }
}

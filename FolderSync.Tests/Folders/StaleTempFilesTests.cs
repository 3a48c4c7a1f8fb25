using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Folders;

public sealed class StaleTempFilesTests
{
    [Test]
    public void Removes_only_names_with_the_temp_prefix()
    {
        using var dir = new StoreScanTempDirectory();
        string temp = dir.Write("sub/" + AtomicFileWriter.TempPrefix + "0011", "half a body");
        string user = dir.Write("sub/notes.txt", "a user's file");
        using var root = FolderRoot.Open(dir.Path);

        int removed = StaleTempFiles.Remove(root, [RelativePath.Parse("sub/" + AtomicFileWriter.TempPrefix + "0011"), RelativePath.Parse("sub/notes.txt")], NullLogger.Instance);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(File.Exists(temp), Is.False, "the temp file is removed");
        Assert.That(File.Exists(user), Is.True, "a file without the prefix is never removed, whoever listed it");
    }
}

using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Scanning;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Scanning;

public sealed class ContentHasherTests
{
    [Test]
    public void Hashes_like_sha256_in_lower_case_hex_and_reports_the_stat()
    {
        using var dir = new StoreScanTempDirectory();
        byte[] content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of text\n", 50_000)));
        string path = dir.WriteBytes("big.txt", content);

        var result = ContentHasher.Hash(path, requireText: true);

        Assert.That(result.Status, Is.EqualTo(HashStatus.Ok));
        Assert.That(result.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(content))));
        var stat = FileStatus.Lstat(path)!.Value;
        Assert.That((result.Stat.Size, result.Stat.MtimeNs, result.Stat.Inode), Is.EqualTo((stat.Size, stat.MtimeNs, stat.Inode)));
    }

    [Test]
    public void The_stat_has_nanosecond_mtime_and_the_real_inode()
    {
        using var dir = new StoreScanTempDirectory();
        string path = dir.Write("a.txt", "x");
        var when = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(path, when);

        var stat = FileStatus.Lstat(path)!.Value;

        long expectedNs = (when - DateTime.UnixEpoch).Ticks * 100;
        Assert.That(stat.MtimeNs, Is.EqualTo(expectedNs));
        Assert.That(stat.Size, Is.EqualTo(1));
        Assert.That(stat.Kind, Is.EqualTo(NodeKind.File));
        Assert.That(stat.Inode, Is.Not.Zero);
        File.Move(path, dir.Combine("b.txt"));
        Assert.That(FileStatus.Lstat(dir.Combine("b.txt"))!.Value.Inode, Is.EqualTo(stat.Inode), "a rename keeps the inode");
        Assert.That(FileStatus.Lstat(path), Is.Null);
    }

    [Test]
    public void Binary_content_stops_the_hash_when_text_is_required()
    {
        using var dir = new StoreScanTempDirectory();
        string path = dir.WriteBytes("b.bin", [1, 2, 0, 3]);
        Assert.That(ContentHasher.Hash(path, requireText: true).Status, Is.EqualTo(HashStatus.NotText));
        Assert.That(ContentHasher.Hash(path, requireText: false).Status, Is.EqualTo(HashStatus.Ok));
    }

    [Test]
    public void A_symlink_is_not_opened_through()
    {
        using var dir = new StoreScanTempDirectory();
        string target = dir.Write("target.txt", "secret");
        string link = dir.Combine("link.txt");
        File.CreateSymbolicLink(link, target);

        Assert.That(ContentHasher.Hash(link, requireText: true).Status, Is.EqualTo(HashStatus.NotRegular));
        Assert.That(ContentHasher.Hash(dir.Combine("missing.txt"), requireText: true).Status, Is.EqualTo(HashStatus.Missing));
    }

    [Test]
    public void A_file_written_while_hashed_is_unstable()
    {
        using var dir = new StoreScanTempDirectory();
        string path = dir.Write("growing.txt", new string('a', 4 * 1024 * 1024));
        using var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                writer.Write("more\n"u8);
                writer.Flush();
            }
        });

        // The writer appends without pause, so every pass sees the size move; bounded by a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HashResult result;
        do
        {
            result = ContentHasher.Hash(path, requireText: true);
        }
        while (result.Status == HashStatus.Ok && DateTime.UtcNow < deadline);

        stop.Cancel();
        appender.Wait();
        Assert.That(result.Status, Is.EqualTo(HashStatus.Unstable));
        Assert.That(result.Sha256, Is.Empty);
    }
}

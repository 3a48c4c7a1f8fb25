using System.Runtime.InteropServices;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Native;
using FolderSync.Tests.Support;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Tests.Native;

/// <summary>On the machine the suite runs on, the flags chosen for its architecture do what the kernel's do.</summary>
public sealed class OpenFlagsTests
{
    [Test]
    public void A_no_follow_open_of_a_symlink_to_a_file_fails_with_ELOOP()
    {
        using var dir = new StoreScanTempDirectory();
        string link = dir.Combine("link");
        File.CreateSymbolicLink(link, dir.Write("target.txt", "x"));

        Assert.That(Open(link, LibC.ORdOnly | LibC.OCloExec), Is.Zero, "the link resolves: only O_NOFOLLOW can refuse it");
        Assert.That(Open(link, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec), Is.EqualTo(Errno.ELOOP));
    }

    [Test]
    public void A_no_follow_directory_open_of_a_symlink_to_a_directory_fails_with_ENOTDIR()
    {
        using var dir = new StoreScanTempDirectory();
        string link = dir.Combine("link");
        File.CreateSymbolicLink(link, Directory.CreateDirectory(dir.Combine("target")).FullName);

        Assert.That(Open(link, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec), Is.Zero, "the link resolves: only O_NOFOLLOW can refuse it");
        // With O_DIRECTORY the link itself is judged, and it is not a directory (FolderRoot's walk expects this).
        Assert.That(Open(link, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloExec), Is.EqualTo(Errno.ENOTDIR));
    }

    [Test]
    public void A_no_follow_openat_of_a_symlink_fails_with_ELOOP()
    {
        using var dir = new StoreScanTempDirectory();
        File.CreateSymbolicLink(dir.Combine("link"), dir.Write("target.txt", "x"));
        int fd = LibC.Open(dir.Path, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec, 0);
        Assert.That(fd, Is.GreaterThanOrEqualTo(0), "the test directory opens");
        using var directory = new SafeFileHandle(fd, ownsHandle: true);

        Assert.That(OpenAt(directory, "link", LibC.ORdOnly | LibC.OCloExec), Is.Zero, "the link resolves: only O_NOFOLLOW can refuse it");
        Assert.That(OpenAt(directory, "link", LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec), Is.EqualTo(Errno.ELOOP));
    }

    [Test]
    public void An_O_DIRECTORY_open_of_a_regular_file_fails_with_ENOTDIR()
    {
        using var dir = new StoreScanTempDirectory();
        string file = dir.Write("file.txt", "x");

        Assert.That(Open(file, LibC.ORdOnly | LibC.OCloExec), Is.Zero, "the file opens: only O_DIRECTORY can refuse it");
        Assert.That(Open(file, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec), Is.EqualTo(Errno.ENOTDIR));
        Assert.That(Open(dir.Path, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloExec), Is.Zero, "a real directory passes both");
    }

    /// <summary>0 when the open succeeded (the fd is closed again), else its errno.</summary>
    private static int Open(string path, int flags) => Outcome(LibC.Open(path, flags, 0));

    private static int OpenAt(SafeFileHandle directory, string name, int flags) => Outcome(LibC.OpenAt(directory, name, flags, 0));

    private static int Outcome(int fd)
    {
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        new SafeFileHandle(fd, ownsHandle: true).Dispose();
        return 0;
    }
}

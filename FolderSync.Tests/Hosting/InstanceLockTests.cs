using System.Globalization;
using FolderSync.Common.Hosting;

namespace FolderSync.Tests.Hosting;

/// <summary>The state directory's lock: one holder at a time, named to whoever else tries, free once released.</summary>
public sealed class InstanceLockTests
{
    [Test]
    public void A_second_holder_is_refused_with_the_first_ones_pid_until_the_first_lets_go()
    {
        string stateDir = Directory.CreateTempSubdirectory("foldersync-lock-").FullName;
        try
        {
            var first = InstanceLock.Acquire(stateDir, "foldersync-client");
            var refused = Assert.Throws<InstanceLockedException>(() => InstanceLock.Acquire(stateDir, "foldersync-client"));
            Assert.That(refused!.Message, Does.Contain($"another foldersync-client (pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}) is already running on state directory {stateDir}"));
            first.Dispose();
            InstanceLock.Acquire(stateDir, "foldersync-client").Dispose();
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }
}

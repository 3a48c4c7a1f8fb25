using FolderSync.Common.Hosting;
using FolderSync.Common.Hosting.Systemd;
using FolderSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Hosting;

/// <summary>The watchdog pings only for folder loops that answer: a hung loop is what systemd must see.</summary>
public sealed class SystemdLifecycleTests
{
    [Test]
    public async Task A_loop_that_answers_is_pinged_for_and_a_hung_one_is_not()
    {
        string directory = Directory.CreateTempSubdirectory("foldersync-notify-").FullName;
        try
        {
            using var socket = new NotifySocket(directory);
            var probe = new GatedProbe();
            using var lifecycle = new SystemdLifecycle(new SystemdNotifier(socket.Path), probe, TimeSpan.FromMilliseconds(100), NullLogger<SystemdLifecycle>.Instance);
            await lifecycle.StartingAsync(CancellationToken.None);
            await lifecycle.StartedAsync(CancellationToken.None);
            await socket.WaitForAsync("READY=1", TimeSpan.FromSeconds(5));
            await Eventually.TrueAsync(() => socket.Count("WATCHDOG=1") >= 3, TimeSpan.FromSeconds(5), "three pings while the loop answers");

            probe.Hang();
            await Eventually.TrueAsync(() => probe.Waiting, TimeSpan.FromSeconds(5), "the watchdog to wait on the hung loop");
            int before = socket.Count("WATCHDOG=1");
            await Task.Delay(600); // Not a synchronisation: the window of six watchdog periods in which no ping may come.
            Assert.That(socket.Count("WATCHDOG=1"), Is.EqualTo(before), "no ping while the loop does not answer");

            probe.Answer();
            await Eventually.TrueAsync(() => socket.Count("WATCHDOG=1") > before, TimeSpan.FromSeconds(5), "pings again once it answers");
            await lifecycle.StoppingAsync(CancellationToken.None);
            await socket.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class GatedProbe : ILoopProbe
    {
        private TaskCompletionSource? _gate;

        public bool Waiting { get; private set; }

        public void Hang() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Answer() => _gate?.TrySetResult();

        public Task ProbeAsync()
        {
            Waiting = _gate is { Task.IsCompleted: false };
            return _gate?.Task ?? Task.CompletedTask;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace FolderSync.Tests.Support;

/// <summary>
/// What systemd is to a <c>Type=notify</c> service: a Unix datagram socket whose path goes in <c>NOTIFY_SOCKET</c>;
/// every datagram the daemon sends is kept, with when it arrived.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly ConcurrentQueue<(TimeSpan At, string State)> _received = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;

    public NotifySocket(string directory)
    {
        Path = System.IO.Path.Combine(directory, "notify.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _reader = Task.Run(ReadAsync);
    }

    public string Path { get; }

    /// <summary>Every datagram so far, in order of arrival.</summary>
    public IReadOnlyList<(TimeSpan At, string State)> Received => [.. _received];

    /// <summary>The launch that makes a daemon report here, with a watchdog of <paramref name="watchdog"/> if given.</summary>
    public DaemonLaunch Launch(TimeSpan? watchdog = null)
    {
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = Path };
        if (watchdog is { } period)
        {
            environment["WATCHDOG_USEC"] = ((long)period.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new DaemonLaunch([], environment);
    }

    /// <summary>Waits for a datagram holding the line <paramref name="assignment"/> (e.g. <c>READY=1</c>).</summary>
    public async Task<(TimeSpan At, string State)> WaitForAsync(string assignment, TimeSpan timeout)
    {
        (TimeSpan, string)? found = null;
        await Eventually.TrueAsync(
            () => (found = Find(assignment)) is not null,
            timeout,
            $"{assignment} on NOTIFY_SOCKET (received: {string.Join(" | ", _received.Select(r => r.State.Replace('\n', ' ')))})");
        return found!.Value;
    }

    public int Count(string assignment) => _received.Count(r => r.State.Split('\n').Contains(assignment));

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            _reader.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The read ends with the socket's disposal.
        }

        File.Delete(Path);
    }

    private (TimeSpan, string)? Find(string assignment)
    {
        foreach (var received in _received)
        {
            if (received.State.Split('\n').Contains(assignment))
            {
                return received;
            }
        }

        return null;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                _received.Enqueue((_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, length)));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>An rsync daemon on 127.0.0.1 serving one writable module <c>bench</c>, behind a counting proxy when asked for one.</summary>
internal sealed class RsyncDaemon : IAsyncDisposable
{
    public const string Module = "bench";

    private readonly ChildProcess _process;

    private readonly int _port;

    private RsyncDaemon(ChildProcess process, int port, CountingProxy? proxy)
    {
        _process = process;
        _port = port;
        Proxy = proxy;
    }

    public CountingProxy? Proxy { get; }

    public int Pid => _process.Pid;

    /// <summary>The URL clients use: through the proxy when there is one.</summary>
    public string Url => $"rsync://127.0.0.1:{Proxy?.Port ?? _port}/{Module}/";

    public static async Task<RsyncDaemon> StartAsync(string moduleDir, string work, bool countWire)
    {
        int port = FreePort.Next();
        Directory.CreateDirectory(work);
        string config = Path.Join(work, "rsyncd.conf");
        var (_, uid) = await ChildProcess.CaptureAsync("id", ["-u"], TimeSpan.FromSeconds(5));
        var (_, gid) = await ChildProcess.CaptureAsync("id", ["-g"], TimeSpan.FromSeconds(5));
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            port = {port}
            address = 127.0.0.1
            use chroot = no
            pid file = {Path.Join(work, "rsyncd.pid")}
            log file = {Path.Join(work, "rsyncd.log")}
            uid = {uid.Trim()}
            gid = {gid.Trim()}
            [{Module}]
            path = {moduleDir}
            read only = no

            """));
        var process = ChildProcess.Start("rsync", ["--daemon", "--no-detach", $"--config={config}"], Path.Join(work, "rsyncd.out.log"));
        var up = await Poll.UntilAsync(() => CanConnect(port), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        if (up is null)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"the rsync daemon did not listen on {port}; see {process.LogPath}");
        }

        return new RsyncDaemon(process, port, countWire ? new CountingProxy(port) : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await _process.DisposeAsync();
    }

    internal static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

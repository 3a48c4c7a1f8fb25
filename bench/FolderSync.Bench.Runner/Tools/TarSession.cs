using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FolderSync.Bench.Runner.Tools;

internal sealed class TarSession(SessionPaths paths) : SyncSession(paths)
{
    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Directory.CreateDirectory(Paths.Destination);
        using var extract = Process.Start(new ProcessStartInfo("tar", ["-x", "-C", Paths.Destination, "-f", "-"]) { RedirectStandardInput = true })!;
        using var create = Process.Start(new ProcessStartInfo("bash", ["-c", $"tar -c -C '{Paths.Source}' -f - . > /dev/tcp/127.0.0.1/{port}"]))!;
        using (var socket = await listener.AcceptTcpClientAsync(cancellationToken))
        {
            await socket.GetStream().CopyToAsync(extract.StandardInput.BaseStream, 1 << 20, cancellationToken);
            extract.StandardInput.Close();
        }

        await Task.WhenAll(create.WaitForExitAsync(cancellationToken), extract.WaitForExitAsync(cancellationToken));
        if (create.ExitCode != 0 || extract.ExitCode != 0)
        {
            throw new InvalidOperationException($"tar over TCP failed: create {create.ExitCode}, extract {extract.ExitCode}");
        }
    }

    public override Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken) =>
        throw new NotSupportedException("tar keeps no state");
}

using System.Net;
using System.Net.Sockets;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>Loopback ports chosen by the kernel, so parallel runs and other daemons never collide.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using FolderSync.Common.Hosting;
using FolderSync.Server.Hosting;

namespace FolderSync.Server;

internal static class Program
{
    public static Task<int> Main(string[] args) => DaemonCli.InvokeAsync(ServerDaemon.Definition, args);
}

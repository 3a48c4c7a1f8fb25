using FolderSync.Client.Hosting;
using FolderSync.Common.Hosting;

namespace FolderSync.Client;

internal static class Program
{
    public static Task<int> Main(string[] args) => DaemonCli.InvokeAsync(ClientDaemon.Definition, args);
}

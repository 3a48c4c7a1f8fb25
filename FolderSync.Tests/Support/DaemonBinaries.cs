namespace FolderSync.Tests.Support;

/// <summary>Where the real daemon executables are: the referenced assemblies are copied next to the tests.</summary>
internal static class DaemonBinaries
{
    public static string ServerDll => typeof(FolderSync.Server.Hosting.ServerDaemon).Assembly.Location;

    public static string ClientDll => typeof(FolderSync.Client.Hosting.ClientDaemon).Assembly.Location;

    /// <summary>The dotnet host that runs the tests (set by the test runner), else the one on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

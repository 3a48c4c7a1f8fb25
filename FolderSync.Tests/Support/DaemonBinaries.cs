namespace FolderSync.Tests.Support;

/// <summary>
/// Where the real daemon executables are: the referenced assemblies copied next to the tests, run by the dotnet
/// host; or, with <c>FOLDERSYNC_NATIVE_BIN</c> naming a directory of native AOT publishes (what install.sh and the
/// benchmark runner ship), those executables, so the same tests check the shipped build.
/// </summary>
internal static class DaemonBinaries
{
    public const string NativeBinVariable = "FOLDERSYNC_NATIVE_BIN";

    public static string ServerDll => typeof(FolderSync.Server.Hosting.ServerDaemon).Assembly.Location;

    public static string ClientDll => typeof(FolderSync.Client.Hosting.ClientDaemon).Assembly.Location;

    /// <summary>The command line that runs a daemon given as its managed assembly.</summary>
    public static string[] Command(string dll) =>
        Environment.GetEnvironmentVariable(NativeBinVariable) is { Length: > 0 } bin
            ? [Path.Join(bin, Path.GetFileNameWithoutExtension(dll))]
            : [DotnetHost, dll];

    /// <summary>
    /// The first directory above <paramref name="path"/> that other users may not search (no o+x), or null: a daemon
    /// started as another user cannot load files below it, as in a checkout under <c>mktemp -d</c> (mode 0700).
    /// </summary>
    public static string? UnreachableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!); dir is not null; dir = dir.Parent)
        {
            if ((File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The dotnet host that runs the tests (set by the test runner), else the one on PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

using System.Security.Cryptography;
using FolderSync.Common.Sync;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>
/// A Full-access server with bait: sentinel files beside the folder, and a symlink inside it pointing at a
/// directory outside. <see cref="AssertNothingEscaped"/> compares everything outside the folder with the start.
/// </summary>
internal sealed class HostileGround : IAsyncDisposable
{
    private Dictionary<string, string> _before = [];

    private HostileGround(EnginePair pair) => Pair = pair;

    public EnginePair Pair { get; }

    public string Outside => Path.Combine(Pair.Root, "outside");

    public static async Task<HostileGround> StartAsync(Func<ServerSecurityOptions, ServerSecurityOptions>? configure = null, bool plain = false)
    {
        var pair = new EnginePair(AccessMode.Full);
        var ground = new HostileGround(pair);
        Directory.CreateDirectory(ground.Outside);
        File.WriteAllText(Path.Combine(ground.Outside, "target.txt"), "outside the folder");
        File.WriteAllText(Path.Combine(pair.Root, "x"), "beside the folder");
        File.WriteAllText(Path.Combine(pair.Root, "sentinel.txt"), "beside the folder");
        File.CreateSymbolicLink(pair.Server("link"), ground.Outside);
        File.WriteAllText(pair.Server("a.txt"), "inside");
        var security = plain
            ? ServerSecurityOptions.OpenLoopback with { MaxSessionsPerClient = 1000 }
            : pair.DefaultServerSecurity() with { MaxSessionsPerClient = 1000 };
        await pair.StartServerAsync(security: configure?.Invoke(security) ?? security);
        ground._before = ground.SnapshotOutside();
        return ground;
    }

    public void AssertNothingEscaped()
    {
        Assert.That(SnapshotOutside(), Is.EqualTo(_before), "files outside the server folder are unchanged");
        Assert.That(File.Exists("/etc/x"), Is.False);
        Assert.That(File.ResolveLinkTarget(Pair.Server("link"), false)?.FullName, Is.EqualTo(Outside).Or.Null);
    }

    /// <summary>Path → SHA-256 of every file under the temp root except the server folder and the state directories.</summary>
    private Dictionary<string, string> SnapshotOutside()
    {
        var skip = new[] { Pair.ServerPath, Pair.ServerStateDir, Pair.ClientPath, Path.Combine(Pair.Root, "client-state") };
        return Directory.EnumerateFiles(Pair.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => !skip.Any(s => f.StartsWith(s, StringComparison.Ordinal)))
            .ToDictionary(f => f, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
    }

    public ValueTask DisposeAsync() => Pair.DisposeAsync();
}

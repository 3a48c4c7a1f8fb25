namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// Where a session works. <paramref name="Source"/> ("A") holds the corpus at the start; the tool brings each of
/// <paramref name="Destinations"/> ("B") up to date. Work holds configs, logs and state, outside both trees.
/// With <paramref name="CountWire"/> every TCP tool talks through a <see cref="Infra.CountingProxy"/>; without it,
/// directly: a relay in the path slows the tool that streams through it most, so timed first syncs go without.
/// </summary>
internal sealed record SessionPaths(string Source, IReadOnlyList<string> Destinations, string Work, bool CountWire = false)
{
    public string Destination => Destinations[0];

    public string Log(string name) => Path.Join(Work, "logs", name + ".log");
}

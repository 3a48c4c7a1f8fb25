namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// Unison between A and a socket server on 127.0.0.1 holding B. Debian ships no unison-fsmonitor, so
/// <c>-repeat watch</c> is unavailable: continuous sync is <c>unison -batch</c> rerun without pause.
/// </summary>
internal sealed class UnisonTool : SyncTool
{
    public override string Name => "unison";

    public override string InstallHint => "sudo apt-get install -y unison";

    public override bool Continuous => true;

    public override bool Bidirectional => true;

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("unison") is null ? "unison is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new UnisonSession(paths);
}

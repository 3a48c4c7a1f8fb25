namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// A device an instance shares the folder with, and where to dial it: <c>tcp://127.0.0.1:PORT</c> (a counting proxy),
/// or <c>dynamic</c>, which with discovery off means "never dial, only accept".
/// </summary>
internal sealed record SyncthingPeer(string DeviceId, string Address)
{
    public const string AcceptOnly = "dynamic";
}

namespace FolderSync.Server.History;

/// <summary>
/// What a restore did: <see cref="Restored"/> with the new version's <see cref="Sequence"/> at <see cref="Path"/>,
/// or not, with an <see cref="Error"/> a command can show as it is.
/// </summary>
public sealed record RestoreResult(bool Restored, string Path, long VersionId, long Sequence, string? Error)
{
    public static RestoreResult Refused(string path, long versionId, string error) => new(false, path, versionId, 0, error);
}

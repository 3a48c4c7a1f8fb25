using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>The ignore rules the watcher always applies, plus the caller's.</summary>
internal static class WatchPathFilter
{
    /// <summary>Prefix of the temp files our atomic writer creates.</summary>
    public const string OwnTempPrefix = ".foldersync-tmp-";

    /// <summary>Hidden: any component starting with '.' (which covers our own temp files).</summary>
    public static bool IsHidden(RelativePath path)
    {
        string value = path.Value;
        return value[0] == '.' || value.Contains("/.", StringComparison.Ordinal);
    }

    public static Func<RelativePath, bool> Create(Func<RelativePath, bool>? extra) =>
        extra is null ? IsHidden : path => IsHidden(path) || extra(path);
}

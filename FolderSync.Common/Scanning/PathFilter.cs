using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using MAB.DotIgnore;

namespace FolderSync.Common.Scanning;

/// <summary>
/// Which paths are never synced (DESIGN §6): hidden names, editor and tool temp names (FolderSync's own
/// temp files among them), and the gitignore-syntax rules of <c>.foldersyncignore</c> at the folder root.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class PathFilter
{
    public const string IgnoreFileName = ".foldersyncignore";

    private readonly IgnoreList? _rules;

    public PathFilter(IEnumerable<string> ignoreRules)
    {
        var rules = ignoreRules.ToList();
        _rules = rules.Count == 0 ? null : new IgnoreList(rules);
    }

    public static PathFilter Empty { get; } = new([]);

    /// <summary>Reads <c>.foldersyncignore</c> at <paramref name="root"/>, if there is one.</summary>
    public static PathFilter Load(string root)
    {
        string file = Path.Join(root, IgnoreFileName);
        return FileStatus.Lstat(file) is { Kind: NodeKind.File } ? new PathFilter(File.ReadAllLines(file)) : Empty;
    }

    /// <summary>Hidden: the name starts with '.' (which covers .git, .#locks and our own temp files).</summary>
    public static bool IsHiddenName(ReadOnlySpan<char> name) => name.StartsWith('.');

    /// <summary>Any component of <paramref name="path"/> is hidden (what the watcher and the receivers check, without a split).</summary>
    public static bool IsHiddenPath(RelativePath path)
    {
        var value = path.Value.AsSpan();
        foreach (var component in value.Split('/'))
        {
            if (IsHiddenName(value[component]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Editor and tool temp names: *.tmp, *.swp, *.swx, *~, .#*, and vim's 4913 write probe.</summary>
    public static bool IsTemporaryName(string name) =>
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".swp", StringComparison.Ordinal)
        || name.EndsWith(".swx", StringComparison.Ordinal)
        || name.EndsWith('~')
        || name.StartsWith(".#", StringComparison.Ordinal)
        || name == "4913"
        || AtomicFileWriter.IsTempName(name);

    /// <summary>
    /// Judges <paramref name="path"/> by its own name and the ignore rules, assuming its ancestors were
    /// already admitted (as in a walk that does not descend into excluded directories).
    /// </summary>
    public SkipReason? Check(RelativePath path, bool isDirectory)
    {
        string name = path.Name;
        if (IsHiddenName(name))
        {
            return SkipReason.Hidden;
        }

        if (!isDirectory && IsTemporaryName(name))
        {
            return SkipReason.Temporary;
        }

        return _rules is not null && _rules.IsIgnored(path.Value, isDirectory) ? SkipReason.Ignored : null;
    }

    /// <summary>Judges <paramref name="path"/> and every ancestor directory: an excluded directory excludes all beneath it.</summary>
    public SkipReason? CheckWithAncestors(RelativePath path, bool isDirectory)
    {
        string value = path.Value;
        for (int slash = value.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = value.IndexOf('/', slash + 1))
        {
            if (Check(RelativePath.Parse(value[..slash]), isDirectory: true) is { } reason)
            {
                return reason;
            }
        }

        return Check(path, isDirectory);
    }
}

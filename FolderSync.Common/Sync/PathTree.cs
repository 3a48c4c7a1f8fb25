using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>A sorted set of paths that finds a directory's descendants by binary search (they are contiguous).</summary>
internal sealed class PathTree
{
    private readonly string[] _values;
    private readonly RelativePath[] _paths;

    public PathTree(IEnumerable<RelativePath> paths)
    {
        _paths = [.. paths.Distinct().Order()];
        _values = [.. _paths.Select(p => p.Value)];
    }

    /// <summary>Every path strictly beneath <paramref name="directory"/>, in ordinal order.</summary>
    public IEnumerable<RelativePath> Descendants(RelativePath directory)
    {
        string prefix = directory.Value + "/";
        int index = Array.BinarySearch(_values, prefix, StringComparer.Ordinal);
        for (int i = index < 0 ? ~index : index; i < _values.Length && _values[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _paths[i];
        }
    }
}

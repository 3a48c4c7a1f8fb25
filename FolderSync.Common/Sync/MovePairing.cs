using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>
/// Turns per-path decisions into an ordered <see cref="SyncPlan"/>. In Full mode a local delete and a local
/// create of the same content become one <see cref="SyncAction.UploadMove"/>, and a deleted directory whose
/// whole subtree reappears under a created directory becomes one directory move. In EditOnly/ReadOnly a move
/// needs no pairing: the old path is restored and the new one kept local, per path.
/// </summary>
public static class MovePairing
{
    public static SyncPlan Pair(IReadOnlyDictionary<RelativePath, PathDecision> decisions, SyncSnapshot snapshot, AccessMode mode)
    {
        var steps = new Dictionary<RelativePath, PlanStep>();
        foreach (var (path, decision) in decisions)
        {
            if (decision.Action != SyncAction.None)
            {
                steps[path] = new PlanStep(decision.Action, path, snapshot.BaseAt(path), snapshot.LocalAt(path), snapshot.RemoteAt(path), decision.Reason);
            }
        }

        var moves = new List<PlanStep>();
        if (mode == AccessMode.Full)
        {
            PairDirectories(steps, moves);
            PairFiles(steps, moves);
        }

        return PlanOrdering.Order(steps.Values.Concat(moves));
    }

    private static void PairDirectories(Dictionary<RelativePath, PlanStep> steps, List<PlanStep> moves)
    {
        var tree = new PathTree(steps.Keys);
        var createdByHash = steps.Values
            .Where(s => s.Action == SyncAction.UploadCreate && s.Local is { IsDirectory: false })
            .ToLookup(s => s.Local!.Sha256, s => s.Path);

        var deletedDirectories = steps.Values
            .Where(s => s.Action == SyncAction.UploadDelete && s.Remote is { IsDirectory: true })
            .Select(s => s.Path)
            .OrderBy(p => p.Depth).ThenBy(p => p)
            .ToList();

        foreach (var source in deletedDirectories)
        {
            if (!steps.ContainsKey(source))
            {
                continue; // already absorbed by a move of an ancestor
            }

            var sourceChildren = tree.Descendants(source).Where(steps.ContainsKey).ToList();
            var firstFile = sourceChildren.Select(p => steps[p]).FirstOrDefault(s => s.Remote is { IsDirectory: false });
            if (firstFile is null)
            {
                continue; // an empty directory's delete + create is as good as a move
            }

            string suffix = firstFile.Path.Value[source.Value.Length..];
            foreach (var candidate in createdByHash[firstFile.Remote!.Sha256])
            {
                if (!candidate.Value.EndsWith(suffix, StringComparison.Ordinal) || candidate.Value.Length == suffix.Length)
                {
                    continue;
                }

                var destination = RelativePath.Parse(candidate.Value[..^suffix.Length]);
                if (destination != source && IsWholeSubtreeMove(steps, tree, source, destination, sourceChildren))
                {
                    var from = steps[source];
                    moves.Add(new PlanStep(SyncAction.UploadMove, destination, from.Base, steps[destination].Local, from.Remote, "directory moved", source));
                    foreach (var path in sourceChildren.Append(source).Concat(tree.Descendants(destination)).Append(destination).ToList())
                    {
                        steps.Remove(path);
                    }

                    break;
                }
            }
        }
    }

    private static bool IsWholeSubtreeMove(
        Dictionary<RelativePath, PlanStep> steps, PathTree tree, RelativePath source, RelativePath destination, List<RelativePath> sourceChildren)
    {
        if (!steps.TryGetValue(destination, out var created)
            || created.Action != SyncAction.UploadCreate || created.Local is not { IsDirectory: true })
        {
            return false;
        }

        var destinationChildren = tree.Descendants(destination).Where(steps.ContainsKey).ToList();
        if (destinationChildren.Count != sourceChildren.Count)
        {
            return false;
        }

        foreach (var child in sourceChildren)
        {
            var deleted = steps[child];
            if (deleted.Action != SyncAction.UploadDelete
                || !steps.TryGetValue(child.Rebase(source, destination), out var twin)
                || twin.Action != SyncAction.UploadCreate
                || !Reconciler.Same(deleted.Remote, twin.Local))
            {
                return false;
            }
        }

        return true;
    }

    private static void PairFiles(Dictionary<RelativePath, PlanStep> steps, List<PlanStep> moves)
    {
        var deletes = steps.Values
            .Where(s => s.Action == SyncAction.UploadDelete && s.Remote is { IsDirectory: false })
            .ToLookup(s => s.Remote!.Sha256);
        var creates = steps.Values
            .Where(s => s.Action == SyncAction.UploadCreate && s.Local is { IsDirectory: false })
            .ToLookup(s => s.Local!.Sha256);

        foreach (var group in deletes)
        {
            // Duplicates of one content: a same-name pair (moved to another directory) first, then path order.
            var free = creates[group.Key].OrderBy(s => s.Path).ToList();
            foreach (var deleted in group.OrderBy(s => s.Path))
            {
                var created = free.Find(c => c.Path.Name == deleted.Path.Name) ?? free.FirstOrDefault();
                if (created is null)
                {
                    break;
                }

                free.Remove(created);
                steps.Remove(deleted.Path);
                steps.Remove(created.Path);
                moves.Add(new PlanStep(SyncAction.UploadMove, created.Path, deleted.Base, created.Local, deleted.Remote, "moved", deleted.Path));
            }
        }
    }
}

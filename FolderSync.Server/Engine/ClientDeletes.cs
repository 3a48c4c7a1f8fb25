using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Server.Engine;

/// <summary>
/// Full clients' deletes through the mass-delete guard. A held delete is answered when its burst settles: Accepted
/// if the burst was within the limit, else Failed with the guard's reason. A Failed delete stays a local delete on the
/// client, which sends it again later (and after a reconnect or a restart), so the held set lives in the client's
/// state as well as here and a server restart loses nothing. A held delete that is released is applied and sent to
/// every client, its author too, which clears the author's pending delete. An upload of a held path (the client put
/// the file back) drops it. Runs on the folder loop.
/// </summary>
internal sealed class ClientDeletes(StructureDecisions structure, DeleteGuard<HeldClientDelete> guard)
{
    /// <summary>Called when held deletes may be settling; the host posts <see cref="Settle"/> once it was quiet this long.</summary>
    public Action<TimeSpan>? Settling { get; set; }

    /// <summary>
    /// FILE_DELETE: the answer now, or null when the guard holds it (answered by <see cref="Settle"/>). A delete the
    /// server would not apply anyway (refused, already done: a retry that crossed the release) is decided at once.
    /// </summary>
    public ClientAnswer? Propose(IFolderClient client, FileDeleteMessage delete)
    {
        var path = delete.ParsePath();
        var earlier = guard.Find(path);
        if (!structure.WouldDelete(delete) || !guard.Hold(new HeldClientDelete(client, delete, path)))
        {
            return structure.DecideDelete(client, delete);
        }

        if (earlier is null)
        {
            // A retry of a held delete is no new deleting: it does not postpone the settle.
            Settling?.Invoke(guard.SettleDelay);
        }
        else if (!earlier.Answered && earlier.Client != client)
        {
            // Another client's delete of this path waited for its answer: this one stands for both now.
            earlier.Client.Send(Held(earlier).Ack);
        }

        return guard.Reason is null ? null : Held(guard.Find(path)!);
    }

    /// <summary>A client proposed content for <paramref name="path"/>: a delete held there is no longer wanted.</summary>
    public void Drop(RelativePath path)
    {
        if (guard.Drop(path) is { } dropped)
        {
            if (!dropped.Answered)
            {
                dropped.Client.Send(Held(dropped).Ack);
            }

            Settling?.Invoke(guard.SettleDelay);
        }
    }

    /// <summary>
    /// The deleting stopped: within the limit, each held delete is decided now (<paramref name="apply"/>); over it, each
    /// not yet answered is told it is held.
    /// </summary>
    public void Settle(Action<HeldClientDelete> apply)
    {
        foreach (var held in ChildrenFirst(guard.Settle([.. guard.Held])))
        {
            apply(held);
        }

        foreach (var held in guard.Held.Where(h => !h.Answered))
        {
            held.Client.Send(Held(held).Ack);
        }
    }

    /// <summary><c>confirm-deletes</c>: every held delete is decided now; returns how many.</summary>
    public int Confirm(Action<HeldClientDelete> apply)
    {
        var released = guard.Confirm([.. guard.Held]);
        foreach (var held in ChildrenFirst(released))
        {
            apply(held);
        }

        return released.Count;
    }

    /// <summary>The delete as the server decides it now; a delete already answered as held reaches its author too.</summary>
    public ClientAnswer Decide(HeldClientDelete held) => structure.DecideDelete(held.Client, held.Delete, toAuthor: held.Answered);

    /// <summary>A directory's delete after those of its entries, as the client sent them.</summary>
    private static IEnumerable<HeldClientDelete> ChildrenFirst(IReadOnlyList<HeldClientDelete> deletes) =>
        deletes.OrderByDescending(d => d.Path.Value.Count(c => c == '/')).ThenBy(d => d.Delete.Kind == EntryKind.Directory);

    private ClientAnswer Held(HeldClientDelete held)
    {
        held.Answered = true;
        return ClientAnswer.Of(held.Delete.RequestId, AckOutcome.Failed, 0, held.Path, message: $"held by the mass-delete guard: {guard.Reason ?? "changed meanwhile"}");
    }
}

using FolderSync.Common.Sync;
using static FolderSync.Common.Sync.SyncAction;

namespace FolderSync.Tests.Sync;

/// <summary>Properties that must hold for every combination of states, not only the table rows.</summary>
public sealed class ReconcilerInvariantTests
{
    private static readonly string[] Tokens = ["-", "A", "A'", "B", "C", "D"];

    private static IEnumerable<(EntryState? Base, EntryState? Local, EntryState? Remote, string Name)> AllCombinations() =>
        from b in Tokens
        from l in Tokens
        from r in Tokens
        select (SyncStates.Parse(b), SyncStates.Parse(l), SyncStates.Parse(r), $"base {b}, local {l}, remote {r}");

    [TestCase(AccessMode.Full)]
    [TestCase(AccessMode.EditOnly)]
    [TestCase(AccessMode.ReadOnly)]
    public void Holds_for_every_combination(AccessMode mode)
    {
        Assert.Multiple(() =>
        {
            foreach (var (b, l, r, name) in AllCombinations())
            {
                var action = Reconciler.Reconcile(b, l, r, mode).Action;
                bool localUnchanged = Same(b, l);
                bool remoteUnchanged = Same(b, r);

                if (localUnchanged && remoteUnchanged)
                {
                    Assert.That(action, Is.EqualTo(None), name);
                }
                else if (Same(l, r))
                {
                    Assert.That(action, Is.EqualTo(RecordBase), name);
                }
                else if (localUnchanged)
                {
                    Assert.That(action, Is.AnyOf(Download, DeleteLocal, CreateLocalDirectory, RemoveLocalDirectory), name);
                }

                if (mode == AccessMode.ReadOnly)
                {
                    Assert.That(action, Is.Not.AnyOf(Upload, UploadCreate, UploadDelete, Conflict), name + ": ReadOnly never uploads");
                }

                if (mode == AccessMode.EditOnly)
                {
                    Assert.That(action, Is.Not.AnyOf(UploadCreate, UploadDelete), name + ": EditOnly never creates or deletes on the server");
                }

                if (mode == AccessMode.Full)
                {
                    Assert.That(action, Is.Not.AnyOf(Restore, Revert, KeepLocalOnly), name + ": Full propagates everything");
                }

                if (l is null && r is not null && !remoteUnchanged)
                {
                    Assert.That(action, Is.AnyOf(Download, CreateLocalDirectory), name + ": a remote edit beats a local delete");
                }
            }
        });
    }

    [Test]
    public void Mtime_alone_never_causes_an_action()
    {
        var file = SyncStates.Parse("A")!;
        var touched = file with { MtimeNs = file.MtimeNs + 123_456_789, Size = file.Size };

        Assert.That(Reconciler.Reconcile(file, touched, file, AccessMode.Full).Action, Is.EqualTo(None));
        Assert.That(Reconciler.Reconcile(file, file, touched, AccessMode.Full).Action, Is.EqualTo(None));
    }

    private static bool Same(EntryState? a, EntryState? b) => a is null ? b is null : a.SameContentAs(b);
}

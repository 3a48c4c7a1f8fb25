using FolderSync.Common.Sync;
using static FolderSync.Common.Sync.ServerOutcome;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

/// <summary>Every access mode × proposal × server state. ReadOnly rejects every row.</summary>
public sealed class ServerDecisionTests
{
    private sealed record Row(string Name, ServerProposal Proposal, ServerEntry? Current, ServerOutcome Full, ServerOutcome EditOnly, ServerEntry? Destination = null);

    private static readonly ServerEntry Tombstone = ServerEntry.Tombstone("server", File(HashA));
    private static readonly ServerEntry LiveA = ServerEntry.Live(File(HashA), "server");
    private static readonly ServerEntry LiveB = ServerEntry.Live(File(HashB), "laptop");
    private static readonly ServerEntry LiveC = ServerEntry.Live(File(HashC, 77), "laptop");
    private static readonly ServerEntry LiveDir = ServerEntry.Live(Dir(), "server");

    private static readonly UpdateProposal EditAToC = new(P("f.txt"), HashA, File(HashC));
    private static readonly UpdateProposal CreateAsUpdate = new(P("f.txt"), null, File(HashC));
    private static readonly CreateProposal CreateC = new(P("f.txt"), File(HashC));
    private static readonly CreateDirectoryProposal CreateDir = new(P("d"));
    private static readonly DeleteProposal DeleteA = new(P("f.txt"), HashA);
    private static readonly MoveProposal MoveA = new(P("old.txt"), P("new.txt"), HashA, File(HashA));
    private static readonly MoveProposal MoveDir = new(P("old"), P("new"), "", Dir());

    private static readonly Row[] Rows =
    [
        new("update/base-matches-current", EditAToC, LiveA, Accept, Accept),
        new("update/current-changed-since-base", EditAToC, LiveB, Conflict, Conflict),
        new("update/current-already-holds-it", EditAToC, LiveC, NoChange, NoChange),
        new("update/current-is-tombstone", EditAToC, Tombstone, AcceptResurrect, AcceptResurrect),
        new("update/current-absent", EditAToC, null, AcceptResurrect, AcceptResurrect),
        new("update/current-became-directory", EditAToC, LiveDir, Conflict, Conflict),
        new("update/file-to-directory", new UpdateProposal(P("f.txt"), HashA, Dir()), LiveA, Accept, Reject),
        new("update/directory-to-file", new UpdateProposal(P("d"), "", File(HashC)), LiveDir, Accept, Reject),
        new("update-no-base/current-absent", CreateAsUpdate, null, Accept, Reject),
        new("update-no-base/current-is-tombstone", CreateAsUpdate, Tombstone, Accept, Reject),
        new("update-no-base/current-different-file", CreateAsUpdate, LiveB, Conflict, Conflict),
        new("update-no-base/current-same", CreateAsUpdate, LiveC, NoChange, NoChange),
        new("update-no-base/current-directory", CreateAsUpdate, LiveDir, Conflict, Reject),
        new("create/current-absent", CreateC, null, Accept, Reject),
        new("create/current-is-tombstone", CreateC, Tombstone, Accept, Reject),
        new("create/current-same", CreateC, LiveC, NoChange, Reject),
        new("create/current-different", CreateC, LiveB, Conflict, Reject),
        new("create-directory/current-absent", CreateDir, null, Accept, Reject),
        new("create-directory/current-is-tombstone", CreateDir, Tombstone, Accept, Reject),
        new("create-directory/current-directory", CreateDir, LiveDir, NoChange, Reject),
        new("create-directory/current-file", CreateDir, LiveA, Conflict, Reject),
        new("delete/base-matches-current", DeleteA, LiveA, Accept, Reject),
        new("delete/current-changed-since-base", DeleteA, LiveB, Superseded, Reject),
        new("delete/current-absent", DeleteA, null, NoChange, Reject),
        new("delete/current-is-tombstone", DeleteA, Tombstone, NoChange, Reject),
        new("delete/directory", new DeleteProposal(P("d"), ""), LiveDir, Accept, Reject),
        new("move/source-matches/destination-absent", MoveA, LiveA, Accept, Reject),
        new("move/source-matches/destination-tombstone", MoveA, LiveA, Accept, Reject, Tombstone),
        new("move/source-matches/destination-same", MoveA, LiveA, Accept, Reject, LiveA),
        new("move/source-matches/destination-different", MoveA, LiveA, Conflict, Reject, LiveB),
        new("move/source-changed-since-base", MoveA, LiveB, Superseded, Reject),
        new("move/source-deleted/destination-absent", MoveA, Tombstone, Superseded, Reject),
        new("move/source-deleted/destination-same", MoveA, null, NoChange, Reject, LiveA),
        // Concurrent changes on the server while the client's move was on its way. A refused move (Superseded, Conflict)
        // is re-sent by the client as a delete of the old path and a create of the new one, so nothing is lost:
        new("move/vs-server-edit-of-source/edit-stays-at-old-path", MoveA, LiveB, Superseded, Reject),
        new("move/vs-server-move-of-source/both-names-kept", MoveA, Tombstone, Superseded, Reject),
        new("move/vs-server-move-to-same-name", MoveA, Tombstone, NoChange, Reject, LiveA),
        new("move/vs-server-create-at-destination/conflict-copy", MoveA, LiveA, Conflict, Reject, LiveB),
        new("move/vs-server-delete-then-create-at-destination", MoveA, Tombstone, Conflict, Reject, LiveB),
        new("move/vs-server-replaced-source-by-directory", MoveA, LiveDir, Superseded, Reject),
        new("move/directory/destination-absent", MoveDir, LiveDir, Accept, Reject),
        new("move/directory/destination-file-created-on-server", MoveDir, LiveDir, Conflict, Reject, LiveB),
        new("move/directory/vs-server-delete-of-source", MoveDir, Tombstone, Superseded, Reject),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var row in Rows)
        {
            foreach (var (mode, expected) in new[] { (AccessMode.Full, row.Full), (AccessMode.EditOnly, row.EditOnly), (AccessMode.ReadOnly, Reject) })
            {
                yield return new TestCaseData(row.Proposal, row.Current, row.Destination, mode, expected)
                    .SetName($"Server/{mode}/{row.Name} → {expected}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Decide(ServerProposal proposal, ServerEntry? current, ServerEntry? destination, AccessMode mode, ServerOutcome expected)
    {
        var verdict = ServerDecision.Decide(proposal, current, mode, destination);

        Assert.That(verdict.Outcome, Is.EqualTo(expected));
        if (expected is Reject or Conflict or Superseded)
        {
            Assert.That(verdict.Reason, Is.Not.Null.And.Not.Empty);
        }
    }

    [Test]
    public void Rejections_name_what_the_mode_forbids()
    {
        Assert.That(ServerDecision.Decide(CreateC, null, AccessMode.EditOnly).Reason, Is.EqualTo("EditOnly clients cannot create files"));
        Assert.That(ServerDecision.Decide(CreateDir, null, AccessMode.EditOnly).Reason, Is.EqualTo("EditOnly clients cannot create directories"));
        Assert.That(ServerDecision.Decide(DeleteA, LiveA, AccessMode.EditOnly).Reason, Is.EqualTo("EditOnly clients cannot delete"));
        Assert.That(ServerDecision.Decide(MoveA, LiveA, AccessMode.EditOnly).Reason, Is.EqualTo("EditOnly clients cannot move"));
        Assert.That(ServerDecision.Decide(EditAToC, LiveA, AccessMode.ReadOnly).Reason, Is.EqualTo("ReadOnly clients cannot change the folder"));
    }
}

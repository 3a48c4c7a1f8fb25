using FolderSync.Common.Sync;
using static FolderSync.Common.Sync.SyncAction;

namespace FolderSync.Tests.Sync;

/// <summary>
/// Every combination of base × local × remote, files and directories, run in each access mode, in the shape
/// of Mutagen's reconcile_test.go. Tokens: see <see cref="SyncStates"/>.
/// </summary>
public sealed class ReconcilerTableTests
{
    private sealed record Row(string Name, string Base, string Local, string Remote, SyncAction Full, SyncAction EditOnly, SyncAction ReadOnly);

    private static readonly Row[] Rows =
    [
        // Never synced.
        new("file/absent-everywhere", "-", "-", "-", None, None, None),
        new("file/local-created/remote-absent", "-", "A", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("file/local-absent/remote-created", "-", "-", "A", Download, Download, Download),
        new("file/created-both-same", "-", "A", "A", RecordBase, RecordBase, RecordBase),
        new("file/created-both-same-content-other-mtime", "-", "A", "A'", RecordBase, RecordBase, RecordBase),
        new("file/created-both-different", "-", "A", "B", Conflict, Conflict, Revert),
        new("dir/local-created/remote-absent", "-", "D", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("dir/local-absent/remote-created", "-", "-", "D", CreateLocalDirectory, CreateLocalDirectory, CreateLocalDirectory),
        new("dir/created-both", "-", "D", "D'", RecordBase, RecordBase, RecordBase),
        new("kind/local-created-dir/remote-created-file", "-", "D", "A", Conflict, Revert, Revert),
        new("kind/local-created-file/remote-created-dir", "-", "A", "D", Conflict, Revert, Revert),

        // Base is a file.
        new("file/local-unchanged/remote-unchanged", "A", "A", "A", None, None, None),
        new("file/local-touched/remote-unchanged", "A", "A'", "A", None, None, None),
        new("file/local-unchanged/remote-touched", "A", "A", "A'", None, None, None),
        new("file/local-modified/remote-unchanged", "A", "B", "A", Upload, Upload, Revert),
        new("file/local-modified/remote-touched", "A", "B", "A'", Upload, Upload, Revert),
        new("file/local-unchanged/remote-modified", "A", "A", "B", Download, Download, Download),
        new("file/local-touched/remote-modified", "A", "A'", "B", Download, Download, Download),
        new("file/local-modified/remote-modified-same", "A", "B", "B", RecordBase, RecordBase, RecordBase),
        new("file/local-modified/remote-modified-same-content-other-mtime", "A", "B", "B'", RecordBase, RecordBase, RecordBase),
        new("file/local-modified/remote-modified-different", "A", "B", "C", Conflict, Conflict, Revert),
        new("file/local-deleted/remote-unchanged", "A", "-", "A", UploadDelete, Restore, Restore),
        new("file/local-deleted/remote-touched", "A", "-", "A'", UploadDelete, Restore, Restore),
        new("file/local-unchanged/remote-deleted", "A", "A", "-", DeleteLocal, DeleteLocal, DeleteLocal),
        new("file/local-touched/remote-deleted", "A", "A'", "-", DeleteLocal, DeleteLocal, DeleteLocal),
        new("file/local-deleted/remote-deleted", "A", "-", "-", RecordBase, RecordBase, RecordBase),
        new("file/local-deleted/remote-modified", "A", "-", "B", Download, Download, Download),
        new("file/local-modified/remote-deleted", "A", "B", "-", Upload, Upload, KeepLocalOnly),
        new("kind/local-file-to-dir/remote-unchanged", "A", "D", "A", Upload, Revert, Revert),
        new("kind/local-unchanged/remote-file-to-dir", "A", "A", "D", CreateLocalDirectory, CreateLocalDirectory, CreateLocalDirectory),
        new("kind/local-file-to-dir/remote-file-to-dir", "A", "D", "D", RecordBase, RecordBase, RecordBase),
        new("kind/local-file-to-dir/remote-modified", "A", "D", "B", Conflict, Revert, Revert),
        new("kind/local-modified/remote-file-to-dir", "A", "B", "D", Conflict, Conflict, Revert),
        new("kind/local-file-to-dir/remote-deleted", "A", "D", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("kind/local-deleted/remote-file-to-dir", "A", "-", "D", CreateLocalDirectory, CreateLocalDirectory, CreateLocalDirectory),

        // Base is a directory.
        new("dir/local-unchanged/remote-unchanged", "D", "D", "D", None, None, None),
        new("dir/local-touched/remote-touched", "D", "D'", "D'", None, None, None),
        new("dir/local-deleted/remote-unchanged", "D", "-", "D", UploadDelete, Restore, Restore),
        new("dir/local-unchanged/remote-deleted", "D", "D", "-", RemoveLocalDirectory, RemoveLocalDirectory, RemoveLocalDirectory),
        new("dir/local-deleted/remote-deleted", "D", "-", "-", RecordBase, RecordBase, RecordBase),
        new("kind/local-dir-to-file/remote-unchanged", "D", "A", "D", Upload, Revert, Revert),
        new("kind/local-unchanged/remote-dir-to-file", "D", "D", "A", Download, Download, Download),
        new("kind/local-dir-to-file/remote-dir-to-file-same", "D", "A", "A", RecordBase, RecordBase, RecordBase),
        new("kind/local-dir-to-file/remote-dir-to-file-different", "D", "A", "B", Conflict, Revert, Revert),
        new("kind/local-dir-to-file/remote-deleted", "D", "A", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("kind/local-deleted/remote-dir-to-file", "D", "-", "A", Download, Download, Download),

        // One path's view of a move: the watcher pairs the halves, the reconciler sees a delete here and a create there.
        new("move/local-moved-away/remote-unchanged", "A", "-", "A", UploadDelete, Restore, Restore),
        new("move/local-moved-here/remote-absent", "-", "A", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("move/remote-moved-away/local-unchanged", "A", "A", "-", DeleteLocal, DeleteLocal, DeleteLocal),
        new("move/remote-moved-here/local-absent", "-", "-", "A", Download, Download, Download),
        new("move/local-moved-away/remote-modified", "A", "-", "B", Download, Download, Download),
        new("move/local-modified/remote-moved-away", "A", "B", "-", Upload, Upload, KeepLocalOnly),
        new("move/both-moved-away", "A", "-", "-", RecordBase, RecordBase, RecordBase),
        new("move/both-moved-here", "-", "A", "A'", RecordBase, RecordBase, RecordBase),
        new("move/local-moved-here/remote-other-file-moved-here", "-", "A", "B", Conflict, Conflict, Revert),
        new("move/dir-local-moved-away/remote-unchanged", "D", "-", "D", UploadDelete, Restore, Restore),
        new("move/dir-local-moved-here/remote-absent", "-", "D", "-", UploadCreate, KeepLocalOnly, KeepLocalOnly),
        new("move/dir-remote-moved-away/local-unchanged", "D", "D", "-", RemoveLocalDirectory, RemoveLocalDirectory, RemoveLocalDirectory),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var row in Rows)
        {
            foreach (var (mode, expected) in new[] { (AccessMode.Full, row.Full), (AccessMode.EditOnly, row.EditOnly), (AccessMode.ReadOnly, row.ReadOnly) })
            {
                yield return new TestCaseData(row.Base, row.Local, row.Remote, mode, expected)
                    .SetName($"{mode}/{row.Name} → {expected}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Reconcile(string @base, string local, string remote, AccessMode mode, SyncAction expected)
    {
        var decision = Reconciler.Reconcile(SyncStates.Parse(@base), SyncStates.Parse(local), SyncStates.Parse(remote), mode);

        Assert.That(decision.Action, Is.EqualTo(expected));
        if (expected is Conflict or Revert or Restore or KeepLocalOnly)
        {
            Assert.That(decision.Reason, Is.Not.Null.And.Not.Empty, "conflicts and refusals carry a reason for status");
        }
    }

    [Test]
    public void Every_row_is_a_distinct_name()
    {
        Assert.That(Rows.Select(r => r.Name), Is.Unique);
    }
}

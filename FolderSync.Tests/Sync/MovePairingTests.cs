using FolderSync.Common.Sync;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

public sealed class MovePairingTests
{
    private static string[] Describe(SyncPlan plan) => [.. plan.Steps.Select(s => s.ToString())];

    [Test]
    public void Full_file_rename_is_one_move()
    {
        var plan = new SyncTreeBuilder()
            .Base("old.txt", File(HashA)).Remote("old.txt", File(HashA))
            .Local("new.txt", File(HashA, 5_000))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "UploadMove old.txt -> new.txt" }));
        Assert.That(plan.Steps[0].Local!.MtimeNs, Is.EqualTo(5_000), "the move carries the destination's local state");
    }

    [Test]
    public void Full_move_into_a_new_directory_creates_it_first()
    {
        var plan = new SyncTreeBuilder()
            .Base("a.txt", File(HashA)).Remote("a.txt", File(HashA))
            .Local("docs", Dir()).Local("docs/a.txt", File(HashA))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "UploadCreate docs", "UploadMove a.txt -> docs/a.txt" }));
    }

    [Test]
    public void Full_directory_rename_is_one_directory_move()
    {
        var builder = new SyncTreeBuilder()
            .Base("src", Dir()).Remote("src", Dir())
            .Local("lib", Dir());
        foreach (var (path, hash) in new[] { ("x.cs", HashA), ("sub", ""), ("sub/y.cs", HashB), ("sub/z.cs", HashC) })
        {
            var state = hash.Length == 0 ? Dir() : File(hash);
            builder.Base("src/" + path, state).Remote("src/" + path, state).Local("lib/" + path, state);
        }

        var plan = builder.Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "UploadMove src -> lib" }));
        Assert.That(plan.Steps[0].Local!.IsDirectory, Is.True);
    }

    [Test]
    public void Full_directory_rename_with_an_edit_inside_falls_back_to_file_moves()
    {
        var plan = new SyncTreeBuilder()
            .Base("src", Dir()).Remote("src", Dir()).Local("lib", Dir())
            .Base("src/x.cs", File(HashA)).Remote("src/x.cs", File(HashA)).Local("lib/x.cs", File(HashA))
            .Base("src/y.cs", File(HashB)).Remote("src/y.cs", File(HashB)).Local("lib/y.cs", File(HashC))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[]
        {
            "UploadCreate lib",
            "UploadMove src/x.cs -> lib/x.cs",
            "UploadCreate lib/y.cs",
            "UploadDelete src/y.cs",
            "UploadDelete src",
        }));
    }

    [Test]
    public void Full_duplicate_contents_pair_by_file_name()
    {
        var plan = new SyncTreeBuilder()
            .Base("a/one.txt", File(HashA)).Remote("a/one.txt", File(HashA))
            .Base("a/two.txt", File(HashA)).Remote("a/two.txt", File(HashA))
            .Base("a", Dir()).Remote("a", Dir()).Local("a", Dir())
            .Base("b", Dir()).Remote("b", Dir()).Local("b", Dir())
            .Local("b/two.txt", File(HashA)).Local("b/one.txt", File(HashA))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EquivalentTo(new[] { "UploadMove a/one.txt -> b/one.txt", "UploadMove a/two.txt -> b/two.txt" }));
    }

    [Test]
    public void Full_delete_and_create_of_different_content_stay_apart()
    {
        var plan = new SyncTreeBuilder()
            .Base("old.txt", File(HashA)).Remote("old.txt", File(HashA))
            .Local("new.txt", File(HashB))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "UploadCreate new.txt", "UploadDelete old.txt" }));
    }

    [TestCase(AccessMode.EditOnly)]
    [TestCase(AccessMode.ReadOnly)]
    public void Limited_modes_restore_the_old_path_and_keep_the_new_one_local(AccessMode mode)
    {
        var plan = new SyncTreeBuilder()
            .Base("old.txt", File(HashA)).Remote("old.txt", File(HashA))
            .Local("new.txt", File(HashA))
            .Plan(mode);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "KeepLocalOnly new.txt", "Restore old.txt" }));
    }

    [Test]
    public void Pair_takes_decisions_directly()
    {
        var snapshot = new SyncTreeBuilder()
            .Base("a.txt", File(HashA)).Remote("a.txt", File(HashA)).Local("b.txt", File(HashA))
            .Build();
        var decisions = new Dictionary<Common.Protocol.RelativePath, PathDecision>
        {
            [P("a.txt")] = new(SyncAction.UploadDelete),
            [P("b.txt")] = new(SyncAction.UploadCreate),
        };

        var plan = MovePairing.Pair(decisions, snapshot, AccessMode.Full);

        Assert.That(plan.Steps, Has.Count.EqualTo(1));
        Assert.That(plan.Steps[0].From, Is.EqualTo(P("a.txt")));
        Assert.That(plan.Steps[0].Path, Is.EqualTo(P("b.txt")));
        Assert.That(plan.Steps[0].Base!.Sha256, Is.EqualTo(HashA), "the move carries the base the server checks");
    }
}

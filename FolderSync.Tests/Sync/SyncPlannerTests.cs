using FolderSync.Common.Sync;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

public sealed class SyncPlannerTests
{
    private static string[] Describe(SyncPlan plan) => [.. plan.Steps.Select(s => s.ToString())];

    [Test]
    public void Remote_tree_is_created_parents_first()
    {
        var plan = new SyncTreeBuilder()
            .Remote("a/b/c/file.txt", File(HashA)).Remote("a/b/c", Dir()).Remote("a", Dir()).Remote("a/b", Dir())
            .Remote("a-z.txt", File(HashB))
            .Plan(AccessMode.EditOnly);

        Assert.That(Describe(plan), Is.EqualTo(new[]
        {
            "CreateLocalDirectory a", "CreateLocalDirectory a/b", "CreateLocalDirectory a/b/c",
            "Download a-z.txt", "Download a/b/c/file.txt",
        }));
    }

    [Test]
    public void Remote_tree_removal_deletes_children_before_directories()
    {
        var builder = new SyncTreeBuilder().Synced("keep.txt", File(HashC));
        foreach (var (path, state) in new[] { ("a", Dir()), ("a/b", Dir()), ("a/b/file.txt", File(HashA)), ("a/top.txt", File(HashB)) })
        {
            builder.Base(path, state).Local(path, state);
        }

        var plan = builder.Plan(AccessMode.ReadOnly);

        Assert.That(Describe(plan), Is.EqualTo(new[]
        {
            "DeleteLocal a/b/file.txt", "RemoveLocalDirectory a/b", "DeleteLocal a/top.txt", "RemoveLocalDirectory a",
        }));
    }

    [Test]
    public void File_replacing_a_directory_waits_for_its_children()
    {
        var plan = new SyncTreeBuilder()
            .Base("a", Dir()).Local("a", Dir()).Remote("a", File(HashB))
            .Base("a/x.txt", File(HashA)).Local("a/x.txt", File(HashA))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "DeleteLocal a/x.txt", "Download a" }));
    }

    [Test]
    public void Directory_replacing_a_file_comes_before_its_children()
    {
        var plan = new SyncTreeBuilder()
            .Synced("a", File(HashA)).Remote("a", Dir()).Remote("a/x.txt", File(HashB))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "CreateLocalDirectory a", "Download a/x.txt" }));
    }

    [Test]
    public void Full_remote_directory_delete_with_a_local_create_inside_recreates_it_on_the_server()
    {
        var plan = new SyncTreeBuilder()
            .Base("d", Dir()).Local("d", Dir())
            .Base("d/old.txt", File(HashA)).Local("d/old.txt", File(HashA))
            .Local("d/new.txt", File(HashB))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "UploadCreate d", "UploadCreate d/new.txt", "DeleteLocal d/old.txt" }));
    }

    [TestCase(AccessMode.EditOnly)]
    [TestCase(AccessMode.ReadOnly)]
    public void Limited_remote_directory_delete_with_a_local_create_inside_keeps_it_local(AccessMode mode)
    {
        var plan = new SyncTreeBuilder()
            .Base("d", Dir()).Local("d", Dir())
            .Local("d/new.txt", File(HashB))
            .Plan(mode);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "KeepLocalOnly d", "KeepLocalOnly d/new.txt" }));
    }

    [Test]
    public void EditOnly_remote_directory_delete_with_a_local_edit_inside_uploads_the_edit()
    {
        var plan = new SyncTreeBuilder()
            .Base("d", Dir()).Local("d", Dir())
            .Base("d/f.txt", File(HashA)).Local("d/f.txt", File(HashB))
            .Plan(AccessMode.EditOnly);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "KeepLocalOnly d", "Upload d/f.txt" }));
    }

    [Test]
    public void Full_local_directory_delete_with_a_remote_edit_inside_brings_the_directory_back()
    {
        var plan = new SyncTreeBuilder()
            .Base("d", Dir()).Remote("d", Dir())
            .Base("d/edited.txt", File(HashA)).Remote("d/edited.txt", File(HashB))
            .Base("d/same.txt", File(HashC)).Remote("d/same.txt", File(HashC))
            .Plan(AccessMode.Full);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "CreateLocalDirectory d", "Download d/edited.txt", "UploadDelete d/same.txt" }));
    }

    [Test]
    public void Conflicts_are_listed_apart_from_steps()
    {
        var plan = new SyncTreeBuilder()
            .Base("c.txt", File(HashA)).Local("c.txt", File(HashB)).Remote("c.txt", File(HashC))
            .Base("u.txt", File(HashA)).Local("u.txt", File(HashB)).Remote("u.txt", File(HashA))
            .Plan(AccessMode.EditOnly);

        Assert.That(Describe(plan), Is.EqualTo(new[] { "Upload u.txt" }));
        Assert.That(plan.Conflicts.Select(c => c.Path), Is.EqualTo(new[] { P("c.txt") }));
        Assert.That(plan.Conflicts[0].Base!.Sha256, Is.EqualTo(HashA), "a conflict is uploaded with its base");
        Assert.That(plan.Conflicts[0].Reason, Is.Not.Empty);
    }

    [Test]
    public void Unchanged_tree_gives_an_empty_plan()
    {
        var plan = new SyncTreeBuilder()
            .Synced("a", Dir()).Synced("a/b.txt", File(HashA)).Local("a/b.txt", File(HashA, 99_999))
            .Plan(AccessMode.Full);

        Assert.That(plan.IsEmpty, Is.True);
    }
}

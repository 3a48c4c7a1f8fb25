using FolderSync.Common.Sync;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

public sealed class SafetyCheckTests
{
    [Test]
    public void Vanished_root_that_was_synced_halts()
    {
        var verdict = SafetyCheck.Evaluate(rootExists: false, trackedAtBase: 3, seenOnDisk: 0, trackedFiles: 3, plannedFileDeletes: 0);

        Assert.That(verdict.Outcome, Is.EqualTo(SafetyOutcome.Halt));
        Assert.That(verdict.Reason, Does.Contain("missing"));
    }

    [Test]
    public void Missing_root_before_the_first_sync_proceeds()
    {
        Assert.That(SafetyCheck.Evaluate(false, 0, 0, 0, 0).Outcome, Is.EqualTo(SafetyOutcome.Proceed));
    }

    [TestCase(10, SafetyOutcome.Halt)]
    [TestCase(5000, SafetyOutcome.Halt)]
    [TestCase(9, SafetyOutcome.Proceed)]
    public void Emptied_root_halts_from_the_threshold(int tracked, SafetyOutcome expected)
    {
        var verdict = SafetyCheck.Evaluate(rootExists: true, trackedAtBase: tracked, seenOnDisk: 0, trackedFiles: tracked, plannedFileDeletes: 0);

        Assert.That(verdict.Outcome, Is.EqualTo(expected));
    }

    [TestCase(100, 50, SafetyOutcome.Proceed)]
    [TestCase(100, 51, SafetyOutcome.RequiresConfirmation)]
    [TestCase(100, 100, SafetyOutcome.RequiresConfirmation)]
    [TestCase(12, 9, SafetyOutcome.Proceed)]
    [TestCase(12, 10, SafetyOutcome.RequiresConfirmation)]
    public void Deleting_more_than_half_needs_confirmation(int trackedFiles, int deletes, SafetyOutcome expected)
    {
        var verdict = SafetyCheck.Evaluate(true, trackedFiles, trackedFiles, trackedFiles, deletes);

        Assert.That(verdict.Outcome, Is.EqualTo(expected));
    }

    [Test]
    public void Share_and_thresholds_are_configurable()
    {
        var strict = new SafetyOptions(MinTrackedForEmptyRootHalt: 2, MaxDeleteShare: 0.1, MinDeletesForConfirmation: 1);

        Assert.That(SafetyCheck.Evaluate(true, 100, 100, 100, 11, strict).Outcome, Is.EqualTo(SafetyOutcome.RequiresConfirmation));
        Assert.That(SafetyCheck.Evaluate(true, 2, 0, 2, 0, strict).Outcome, Is.EqualTo(SafetyOutcome.Halt));
    }

    [Test]
    public void Counts_file_deletes_from_the_plan()
    {
        // 20 synced files; the server deleted 11 of them.
        var builder = new SyncTreeBuilder();
        for (int i = 0; i < 20; i++)
        {
            var state = File(i.ToString("D64", System.Globalization.CultureInfo.InvariantCulture));
            builder.Base($"f{i:D2}.txt", state).Local($"f{i:D2}.txt", state);
            if (i >= 11)
            {
                builder.Remote($"f{i:D2}.txt", state);
            }
        }

        var plan = builder.Plan(AccessMode.Full);
        var verdict = SafetyCheck.Evaluate(true, 20, 20, 20, plan);

        Assert.That(plan.Steps.Count(s => s.Action == SyncAction.DeleteLocal), Is.EqualTo(11));
        Assert.That(verdict.Outcome, Is.EqualTo(SafetyOutcome.RequiresConfirmation));
        Assert.That(verdict.Reason, Does.Contain("11 of 20"));
    }
}

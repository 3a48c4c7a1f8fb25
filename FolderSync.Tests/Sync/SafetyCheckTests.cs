using FolderSync.Common.Sync;

namespace FolderSync.Tests.Sync;

public sealed class SafetyCheckTests
{
    [Test]
    public void Vanished_root_that_was_synced_halts()
    {
        var verdict = SafetyCheck.Evaluate(rootExists: false, trackedAtBase: 3, seenOnDisk: 0);

        Assert.That(verdict.Outcome, Is.EqualTo(SafetyOutcome.Halt));
        Assert.That(verdict.Reason, Does.Contain("missing"));
    }

    [Test]
    public void Missing_root_before_the_first_sync_proceeds()
    {
        Assert.That(SafetyCheck.Evaluate(false, 0, 0).Outcome, Is.EqualTo(SafetyOutcome.Proceed));
    }

    [TestCase(10, SafetyOutcome.Halt)]
    [TestCase(5000, SafetyOutcome.Halt)]
    [TestCase(9, SafetyOutcome.Proceed)]
    public void Emptied_root_halts_from_the_threshold(int tracked, SafetyOutcome expected)
    {
        var verdict = SafetyCheck.Evaluate(rootExists: true, trackedAtBase: tracked, seenOnDisk: 0);

        Assert.That(verdict.Outcome, Is.EqualTo(expected));
    }

    [Test]
    public void Threshold_is_configurable()
    {
        var strict = new SafetyOptions(MinTrackedForEmptyRootHalt: 2);

        Assert.That(SafetyCheck.Evaluate(true, 2, 0, strict).Outcome, Is.EqualTo(SafetyOutcome.Halt));
        Assert.That(SafetyCheck.Evaluate(true, 1, 0, strict).Outcome, Is.EqualTo(SafetyOutcome.Proceed));
    }
}

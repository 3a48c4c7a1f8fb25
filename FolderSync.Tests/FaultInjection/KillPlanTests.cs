using FolderSync.Common.FaultInjection;

namespace FolderSync.Tests.FaultInjection;

internal sealed class KillPlanTests
{
    [TestCase("after-rename", "after-rename", 1)]
    [TestCase("before-ack@3", "before-ack", 3)]
    public void A_known_point_with_an_optional_count_parses(string text, string point, int hit)
    {
        var plan = KillPlan.Parse(text, out string? problem);
        Assert.That(problem, Is.Null);
        Assert.That((plan!.Point, plan.Hit), Is.EqualTo((point, hit)));
    }

    [TestCase("after-everything", "unknown kill point")]
    [TestCase("after-rename@0", "not a positive count")]
    [TestCase("after-rename@x", "not a positive count")]
    [TestCase("after-rename@-1", "not a positive count")]
    public void A_bad_value_is_refused_with_the_reason(string text, string reason)
    {
        Assert.That(KillPlan.Parse(text, out string? problem), Is.Null);
        Assert.That(problem, Does.Contain(reason));
    }

    [Test]
    public void The_plan_is_due_exactly_at_the_nth_hit_of_its_point()
    {
        var plan = KillPlan.Parse("after-rename@2", out _)!;
        bool[] due = [plan.IsDue(KillPoints.BeforeAck), plan.IsDue(KillPoints.AfterRename), plan.IsDue(KillPoints.AfterRename), plan.IsDue(KillPoints.AfterRename)];
        Assert.That(due, Is.EqualTo(new[] { false, false, true, false }));
    }
}

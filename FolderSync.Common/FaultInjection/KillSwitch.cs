using FolderSync.Common.Native;

namespace FolderSync.Common.FaultInjection;

/// <summary>
/// Test-only crash injection: with <c>FOLDERSYNC_KILL_AT=point[@n]</c> in its environment, the daemon sends itself
/// SIGKILL the n-th time it reaches that <see cref="KillPoints">kill point</see> (n defaults to 1): no cleanup, no
/// flush, as a crash or the OOM killer would leave it. Read once; unset, a point costs one static readonly null check.
/// </summary>
public static class KillSwitch
{
    public const string EnvironmentVariable = "FOLDERSYNC_KILL_AT";

    private static readonly KillPlan? Plan = FromEnvironment(out _);

    /// <summary>What is armed (<c>point@n</c>), or null when nothing is.</summary>
    public static string? Armed => Plan?.ToString();

    /// <summary>Why the variable's value is unusable, or null when it is unset or valid (checked at start-up).</summary>
    public static string? EnvironmentProblem()
    {
        FromEnvironment(out string? problem);
        return problem;
    }

    public static void Reach(string point)
    {
        if (Plan is not null && Plan.IsDue(point))
        {
            Die(point);
        }
    }

    private static KillPlan? FromEnvironment(out string? problem)
    {
        problem = null;
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value) ? null : KillPlan.Parse(value, out problem);
    }

    private static void Die(string point)
    {
        // One line on stderr so a test can tell this kill from any other death; then no managed code runs.
        Console.Error.WriteLine($"{EnvironmentVariable}: killing process {Environment.ProcessId} at {point}@{Plan!.Hit}");
        Console.Error.Flush();
        _ = LibC.Kill(Environment.ProcessId, LibC.SigKill);
        Environment.FailFast($"kill({Environment.ProcessId}, SIGKILL) returned at {point}");
    }
}

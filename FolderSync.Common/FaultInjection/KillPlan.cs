using System.Globalization;

namespace FolderSync.Common.FaultInjection;

/// <summary>Where to die: the <see cref="Hit"/>-th time <see cref="Point"/> is reached (<c>point[@n]</c>).</summary>
internal sealed class KillPlan
{
    private int _reached;

    private KillPlan(string point, int hit)
    {
        Point = point;
        Hit = hit;
    }

    public string Point { get; }

    public int Hit { get; }

    /// <returns>The plan, or null with <paramref name="problem"/> saying what is wrong with <paramref name="text"/>.</returns>
    public static KillPlan? Parse(string text, out string? problem)
    {
        int at = text.IndexOf('@', StringComparison.Ordinal);
        string point = at < 0 ? text : text[..at];
        int hit = 1;
        if (!KillPoints.All.Contains(point))
        {
            problem = $"unknown kill point \"{point}\"; known: {string.Join(", ", KillPoints.All)}";
            return null;
        }

        if (at >= 0 && (!int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out hit) || hit < 1))
        {
            problem = $"\"{text[(at + 1)..]}\" is not a positive count of hits";
            return null;
        }

        problem = null;
        return new KillPlan(point, hit);
    }

    /// <summary>True exactly once: when <paramref name="point"/> is this plan's and reached for the <see cref="Hit"/>-th time.</summary>
    public bool IsDue(string point) => point == Point && Interlocked.Increment(ref _reached) == Hit;

    public override string ToString() => $"{Point}@{Hit}";
}

namespace FolderSync.Common.Configuration;

/// <summary>"Did you mean": the known name a mistyped one most likely meant, if any is close enough to say so.</summary>
public static class ClosestName
{
    /// <summary>
    /// A name within a few edits (a typo: <c>DebounceMiliseconds</c>), else one that holds the typed letters in order
    /// (an abbreviation: <c>DebounceMs</c>); case is ignored, as the configuration ignores it.
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> known)
    {
        string? best = null;
        int bestScore = int.MaxValue;
        foreach (string candidate in known)
        {
            int distance = Distance(typed.ToUpperInvariant(), candidate.ToUpperInvariant());
            int score = distance <= Math.Max(1, Math.Min(typed.Length, candidate.Length) / 3)
                ? distance
                : typed.Length >= 3 && IsAbbreviation(typed, candidate) ? 100 + candidate.Length : int.MaxValue;
            if (score < bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    private static bool IsAbbreviation(string typed, string candidate)
    {
        if (char.ToUpperInvariant(typed[0]) != char.ToUpperInvariant(candidate[0]))
        {
            return false;
        }

        int at = 0;
        foreach (char c in candidate)
        {
            if (at < typed.Length && char.ToUpperInvariant(c) == char.ToUpperInvariant(typed[at]))
            {
                at++;
            }
        }

        return at == typed.Length;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

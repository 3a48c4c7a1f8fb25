namespace FolderSync.Common.Configuration;

/// <summary>One invalid configuration value: the key it lives under and how to fix it.</summary>
public sealed record ConfigError(string Key, string Problem)
{
    public override string ToString() => $"{Key}: {Problem}";
}

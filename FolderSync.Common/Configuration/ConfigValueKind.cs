namespace FolderSync.Common.Configuration;

/// <summary>What a configuration value must parse as, checked before binding so a bad one is reported with its key.</summary>
public enum ConfigValueKind
{
    Text,

    /// <summary>An <see cref="int"/>.</summary>
    Number,

    /// <summary>A <see cref="long"/> (sizes in bytes).</summary>
    LongNumber,

    /// <summary>true or false.</summary>
    Flag,
}

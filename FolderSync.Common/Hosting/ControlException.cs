namespace FolderSync.Common.Hosting;

/// <summary>A control request the daemon refuses: <c>{"ok":false,"error":Message,"code":Code}</c>.</summary>
public sealed class ControlException(string code, string message) : Exception(message)
{
    /// <summary>The request is malformed or names no verb: exit code 2.</summary>
    public const string Usage = "usage";

    /// <summary>What was asked did not happen in the time given: exit code 3.</summary>
    public const string Timeout = "timeout";

    /// <summary>Anything else the daemon cannot do now (not connected, paused): exit code 1.</summary>
    public const string Failed = "failed";

    public string Code { get; } = code;

    /// <summary>The command line's exit code for an answer with this code.</summary>
    public static int ExitCodeFor(string? code) => code switch
    {
        Usage => 2,
        Timeout => 3,
        _ => 1,
    };
}

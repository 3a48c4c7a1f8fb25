using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Support;

/// <summary>One connection a <see cref="ScriptedServer"/> accepted: when, what the client sent after the script, when it closed.</summary>
internal sealed class ScriptedServerConnection(TimeSpan acceptedAt)
{
    private long _closedTicks = -1;

    /// <summary>Since the server started.</summary>
    public TimeSpan AcceptedAt { get; } = acceptedAt;

    /// <summary>Since the server started; null while the connection is open.</summary>
    public TimeSpan? ClosedAt => Interlocked.Read(ref _closedTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Every message the client sent once the script had played (read it once <see cref="ClosedAt"/> is set).</summary>
    public List<Message> AfterScript { get; } = [];

    public void Close(TimeSpan at) => Interlocked.Exchange(ref _closedTicks, at.Ticks);
}

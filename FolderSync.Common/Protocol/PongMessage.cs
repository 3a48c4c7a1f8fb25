namespace FolderSync.Common.Protocol;

/// <summary>Answer to PING with the same <paramref name="Id"/> and the answerer's clock.</summary>
public sealed record PongMessage(long Id, long ClockUnixMs) : Message;

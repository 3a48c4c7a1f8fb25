namespace FolderSync.Common.Protocol;

/// <summary>Either direction; answered by PONG with the same <paramref name="Id"/>.</summary>
public sealed record PingMessage(long Id, long ClockUnixMs) : Message;

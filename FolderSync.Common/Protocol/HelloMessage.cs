namespace FolderSync.Common.Protocol;

/// <summary>Client → server, first message: who I am, which folder, and the last sequence I applied.</summary>
/// <param name="LastSequence">0 for a client that never synced (asks for a full index).</param>
public sealed record HelloMessage(
    int ProtocolVersion,
    string ClientId,
    string Folder,
    long LastSequence,
    long ClockUnixMs,
    string[] Capabilities) : Message;

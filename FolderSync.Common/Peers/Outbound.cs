using FolderSync.Common.Protocol;

namespace FolderSync.Common.Peers;

/// <summary>
/// One message queued for a connection's writer; a FILE_UPDATE says where its body comes from. <paramref name="Cost"/>:
/// what it counts against the link's cap of queued bytes (0 for the index, which is not capped).
/// </summary>
internal sealed record Outbound(Message Message, Func<Stream>? OpenBody, long Cost);

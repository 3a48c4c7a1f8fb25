using FolderSync.Common.Protocol;

namespace FolderSync.Common.Peers;

/// <summary>One message queued for a connection's writer; a FILE_UPDATE says where its body comes from.</summary>
internal sealed record Outbound(Message Message, Func<Stream>? OpenBody);

namespace FolderSync.Common.Security;

/// <summary>What both proofs cover. <paramref name="ChannelBinding"/> is the server certificate fingerprint, empty over plain TCP.</summary>
public sealed record HandshakeTranscript(string ClientId, string Folder, string ClientNonce, string ServerNonce, string ChannelBinding);

namespace FolderSync.Common.Protocol;

/// <summary>Server → client after HELLO when the client must authenticate: a fresh nonce for the proof.</summary>
public sealed record AuthChallengeMessage(string ServerNonce) : Message;

namespace FolderSync.Common.Protocol;

/// <summary>Server → client: the client is authenticated, and here is the server's own proof that it knows the token.</summary>
public sealed record AuthOkMessage(string ServerProof) : Message;

namespace FolderSync.Common.Protocol;

/// <summary>Client → server: base64 HMAC-SHA256 of the handshake transcript keyed by the token (Security/HandshakeProof).</summary>
public sealed record AuthMessage(string Proof) : Message;

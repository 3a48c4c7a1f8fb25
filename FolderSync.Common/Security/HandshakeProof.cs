using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FolderSync.Common.Security;

/// <summary>
/// The challenge-response: HMAC-SHA256 keyed by the token over a transcript of both nonces, the client id, the
/// folder and the TLS channel binding (the server certificate's fingerprint, as each side sees it). A fresh server
/// nonce makes every proof single-use; the binding makes a proof useless through a man in the middle with another
/// certificate. Each field is length-prefixed so no two transcripts serialise alike.
/// </summary>
public static class HandshakeProof
{
    public const int NonceBytes = 32;

    private const string ClientLabel = "foldersync-v1 client";
    private const string ServerLabel = "foldersync-v1 server";

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>True when <paramref name="nonce"/> is base64 of exactly <see cref="NonceBytes"/> bytes.</summary>
    public static bool IsValidNonce(string? nonce)
    {
        Span<byte> bytes = stackalloc byte[NonceBytes + 3];
        return nonce is not null && Convert.TryFromBase64String(nonce, bytes, out int written) && written == NonceBytes;
    }

    public static string ClientProof(string token, HandshakeTranscript transcript) => Compute(token, ClientLabel, transcript);

    public static string ServerProof(string token, HandshakeTranscript transcript) => Compute(token, ServerLabel, transcript);

    public static bool VerifyClient(string token, HandshakeTranscript transcript, string? proof) => Verify(ClientProof(token, transcript), proof);

    public static bool VerifyServer(string token, HandshakeTranscript transcript, string? proof) => Verify(ServerProof(token, transcript), proof);

    private static bool Verify(string expected, string? proof)
    {
        if (proof is null)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(proof, given, out int written))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(expected), given[..written]);
    }

    private static string Compute(string token, string label, HandshakeTranscript transcript)
    {
        using var data = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in new[] { label, transcript.ClientId, transcript.Folder, transcript.ClientNonce, transcript.ServerNonce, transcript.ChannelBinding })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            data.Write(length);
            data.Write(bytes);
        }

        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), data.ToArray()));
    }
}

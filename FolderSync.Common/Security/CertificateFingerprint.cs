using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FolderSync.Common.Security;

/// <summary>A certificate's identity as we pin it: lower-case hex of SHA-256 over its DER bytes.</summary>
public static class CertificateFingerprint
{
    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>Accepts what people paste: upper case, colons, spaces. Null or empty stays empty.</summary>
    public static string Normalize(string? fingerprint) =>
        string.Concat((fingerprint ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != ':')).ToLowerInvariant();

    /// <summary>True when <paramref name="fingerprint"/> (normalised) is 64 hex digits.</summary>
    public static bool IsValid(string? fingerprint)
    {
        var normal = Normalize(fingerprint);
        return normal.Length == 64 && normal.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>"ab:cd:…" groups, for printing.</summary>
    public static string Format(string fingerprint) => string.Join(':', Normalize(fingerprint).Chunk(2).Select(c => new string(c)));
}

namespace FolderSync.Common.Security;

/// <summary>
/// The client's decision on the certificate it was shown: a configured fingerprint must match; otherwise the one
/// recorded on first use must match; with neither, it is trusted now and recorded once the server has proved
/// it knows the token (so a first contact with an impostor is not pinned).
/// </summary>
public static class FingerprintPin
{
    /// <returns>True when <paramref name="actual"/> is new and should be recorded after the handshake.</returns>
    /// <exception cref="SecurityRefusalException">The certificate is not the pinned one.</exception>
    public static bool Check(string? configured, string? recorded, string actual)
    {
        string expected = CertificateFingerprint.Normalize(configured);
        if (expected.Length > 0)
        {
            return expected == actual
                ? false
                : throw new SecurityRefusalException($"the server's certificate fingerprint {actual} does not match the configured ServerFingerprint {expected}; refusing to sync");
        }

        string pinned = CertificateFingerprint.Normalize(recorded);
        if (pinned.Length > 0)
        {
            return pinned == actual
                ? false
                : throw new SecurityRefusalException(
                    $"the server's certificate CHANGED: pinned {pinned} on first use, now {actual}. This may be an impersonation; " +
                    "if the server's identity was replaced on purpose, set ServerFingerprint to the new value. Refusing to sync");
        }

        return true;
    }
}

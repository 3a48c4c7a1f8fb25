using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FolderSync.Server.Security;

/// <summary>
/// The server's self-signed identity: created once (ECDSA P-256) in the state directory as a PFX readable by
/// its owner only, and reused on every start, so the fingerprint clients pinned stays valid.
/// </summary>
public static class ServerCertificate
{
    public const string FileName = "server-identity.pfx";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string stateDir) => Path.Combine(stateDir, FileName);

    /// <summary>Loads the certificate from <paramref name="stateDir"/>, creating it on first use.</summary>
    public static X509Certificate2 LoadOrCreate(string stateDir, string subjectName = "foldersync-server")
    {
        Directory.CreateDirectory(stateDir);
        string path = PathIn(stateDir);
        if (!File.Exists(path))
        {
            Create(path, subjectName);
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            // Someone widened it: the key may be copied, but narrowing it again is still right.
            File.SetUnixFileMode(path, OwnerOnly);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.Exportable);
    }

    private static void Create(string path, string subjectName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));
        byte[] pfx = certificate.Export(X509ContentType.Pfx);

        // Written under a temp name created 0600 from the start, then renamed: never a moment world-readable, never half a file.
        string temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(pfx);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: false);
    }
}

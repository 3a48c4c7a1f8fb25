using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace FolderSync.Common.Security;

/// <summary>
/// TLS over an accepted or connected stream. The client does not use the CA system: a self-signed server is
/// identified by its pinned fingerprint (<see cref="FingerprintPin"/>), checked right after the handshake.
/// </summary>
public static class TlsStreams
{
    /// <summary>TLS 1.3 where the platform has it, 1.2 otherwise; nothing older.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static async Task<SslStream> AuthenticateAsServerAsync(Stream inner, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
                    EnabledSslProtocols = Protocols,
                    ClientCertificateRequired = false,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns the stream and the fingerprint of the certificate the server presented.</summary>
    public static async Task<(SslStream Stream, string Fingerprint)> AuthenticateAsClientAsync(Stream inner, string host, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = Protocols,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

                    // Self-signed by design: identity is the pinned fingerprint, checked by the caller before any data flows.
                    RemoteCertificateValidationCallback = static (_, certificate, _, _) => certificate is not null,
                },
                cancellationToken);
            var certificate = ssl.RemoteCertificate ?? throw new AuthenticationException("the server presented no certificate");
            return (ssl, CertificateFingerprint.Of(certificate));
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}

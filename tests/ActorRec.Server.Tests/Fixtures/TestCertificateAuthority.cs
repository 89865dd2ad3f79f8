using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// A certificate authority made for one test and a server certificate it signed for 127.0.0.1 and localhost, written as
/// PEM files to a temporary folder that is deleted on dispose: what a TLS redis-server and its clients need.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private TestCertificateAuthority(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The CA's certificate, which clients trust.</summary>
    public string CaCertificate => Path.Combine(Directory, "ca.pem");

    public string ServerCertificate => Path.Combine(Directory, "server.pem");

    public string ServerKey => Path.Combine(Directory, "server.key");

    /// <summary>redis-server settings that serve TLS with the server certificate (clients are not asked for one).</summary>
    public IReadOnlyList<string> RedisTlsSettings =>
    [
        "--tls-cert-file", ServerCertificate,
        "--tls-key-file", ServerKey,
        "--tls-ca-cert-file", CaCertificate,
        "--tls-auth-clients", "no",
    ];

    public static TestCertificateAuthority Create(string name)
    {
        var authority = new TestCertificateAuthority(System.IO.Directory.CreateTempSubdirectory("actorrec-tls-").FullName);
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(authority.CaCertificate, ca.ExportCertificatePem());
        File.WriteAllText(authority.ServerCertificate, server.ExportCertificatePem());
        File.WriteAllText(authority.ServerKey, serverKey.ExportPkcs8PrivateKeyPem());
        return authority;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
